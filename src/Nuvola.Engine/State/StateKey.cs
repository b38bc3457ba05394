using System.Security.Cryptography;

namespace Nuvola.Engine.State;

/// <summary>
/// The 256-bit key that encrypts secrets in state. It is never stored in the state itself: it comes from
/// <c>NUVOLA_STATE_KEY</c> (base64 of 32 bytes) or from a key file (<c>state.key</c>, mode 600) beside the
/// SQLite file, created on first use. Losing it makes the secrets in state unreadable (not the rest).
/// </summary>
public static class StateKey
{
    public const string EnvironmentVariable = "NUVOLA_STATE_KEY";

    public const string FileName = "state.key";

    /// <summary>The key from the environment variable if set, else from <paramref name="keyFile"/> (created if absent).</summary>
    public static byte[] Load(string keyFile, Func<string, string?>? environment = null)
    {
        var fromEnv = (environment ?? Environment.GetEnvironmentVariable)(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Parse(fromEnv, EnvironmentVariable);
        }

        if (File.Exists(keyFile))
        {
            return Parse(File.ReadAllText(keyFile), keyFile);
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var dir = Path.GetDirectoryName(Path.GetFullPath(keyFile));
        if (dir is not null)
        {
            PrivateFiles.Directory(dir);
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(keyFile, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(Convert.ToBase64String(key));
        }

        return key;
    }

    private static byte[] Parse(string text, string source)
    {
        try
        {
            var key = Convert.FromBase64String(text.Trim());
            if (key.Length == 32)
            {
                return key;
            }
        }
        catch (FormatException)
        {
        }

        throw new StateException($"The state key in {source} is not the base64 of 32 bytes.");
    }
}
