using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Nuvola.Engine.State;

/// <summary>
/// State in one SQLite file (WAL) per working or data directory: <c>nuvola-state.db</c>, with the secrets key in
/// <c>state.key</c> (mode 600) beside it unless <c>NUVOLA_STATE_KEY</c> is set. Writers in one process are
/// serialised; other processes wait on SQLite's busy timeout, and the stack lease keeps two applies apart.
/// </summary>
public sealed class SqliteStateStore : SqlStateStore
{
    public const string FileName = "nuvola-state.db";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteStateStore(string databasePath, byte[] key, TimeProvider? timeProvider = null)
        : base(key, timeProvider)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        PrivateFiles.Database(DatabasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The store of <paramref name="directory"/> (created if needed), with its key file.</summary>
    public static SqliteStateStore Open(string directory, TimeProvider? timeProvider = null,
        Func<string, string?>? environment = null)
    {
        PrivateFiles.Directory(directory);
        var key = StateKey.Load(Path.Combine(directory, StateKey.FileName), environment);
        return new SqliteStateStore(Path.Combine(directory, FileName), key, timeProvider);
    }

    private protected override IReadOnlyList<(int Version, string Sql)> Migrations { get; } =
        Schema.For("INTEGER PRIMARY KEY AUTOINCREMENT");

    private protected override SemaphoreSlim? WriteGate => _writeGate;

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public override async ValueTask DisposeAsync()
    {
        _writeGate.Dispose();
        SqliteConnection.ClearAllPools();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
