using Npgsql;
using Nuvola.Engine.State;

namespace Nuvola.Cli.Stacks;

/// <summary>
/// Where Nuvola keeps its files: <c>$NUVOLA_HOME</c>, else <c>./.nuvola</c> (one per working directory, like
/// Terraform's state). State is <c>nuvola-state.db</c> (SQLite) there unless <c>--state</c> names a PostgreSQL
/// database (a connection string or a postgres:// URL) or another SQLite directory or file.
/// </summary>
internal static class StateLocation
{
    public const string HomeVariable = "NUVOLA_HOME";

    /// <summary>The data directory (not created).</summary>
    public static string Home() =>
        Environment.GetEnvironmentVariable(HomeVariable) is { Length: > 0 } home
            ? Path.GetFullPath(home)
            : Path.GetFullPath(".nuvola");

    /// <summary>
    /// Opens the store named by <paramref name="state"/> (null: the default). With <paramref name="mustExist"/>, a
    /// SQLite file that is not there yet gives null instead of being created (read commands create nothing).
    /// </summary>
    public static IStateStore? Open(string? state, bool mustExist)
    {
        try
        {
            if (IsPostgres(state))
            {
                return PostgresStateStore.Open(ToNpgsql(state!), Path.Combine(Home(), StateKey.FileName));
            }

            var (directory, file) = SqlitePaths(state);
            if (mustExist && !File.Exists(file))
            {
                return null;
            }

            PrivateFiles.Directory(directory);
            var key = StateKey.Load(Path.Combine(directory, StateKey.FileName));
            return new SqliteStateStore(file, key);
        }
        catch (StateException e)
        {
            throw new CliException(ExitCodes.Failure, e.Message);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new CliException(ExitCodes.Usage, $"--state: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Failure, $"cannot open the state: {e.Message}");
        }
    }

    /// <summary>Where the state is, for messages (never the connection string's password).</summary>
    public static string Describe(string? state) =>
        IsPostgres(state) ? "PostgreSQL" : SqlitePaths(state).File;

    internal static bool IsPostgres(string? state) =>
        state is not null && (state.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
                              state.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ||
                              (state.Contains('=', StringComparison.Ordinal) && (state.Contains("host", StringComparison.OrdinalIgnoreCase) ||
                                                                                 state.Contains("server", StringComparison.OrdinalIgnoreCase))));

    private static (string Directory, string File) SqlitePaths(string? state)
    {
        if (string.IsNullOrEmpty(state))
        {
            var home = Home();
            return (home, Path.Combine(home, SqliteStateStore.FileName));
        }

        var full = Path.GetFullPath(state);
        return full.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || full.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase)
            ? (Path.GetDirectoryName(full)!, full)
            : (full, Path.Combine(full, SqliteStateStore.FileName));
    }

    // postgres://user:password@host:port/database?sslmode=… → Npgsql's key=value form.
    private static string ToNpgsql(string state)
    {
        if (!state.Contains("://", StringComparison.Ordinal))
        {
            return state;
        }

        var uri = new Uri(state);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.AbsolutePath.Trim('/') is { Length: > 0 } database)
        {
            builder.Database = Uri.UnescapeDataString(database);
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                builder[Uri.UnescapeDataString(pair[..equals])] = Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }

        return builder.ConnectionString;
    }
}
