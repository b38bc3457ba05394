using System.Collections.Immutable;
using System.Data.Common;
using System.Text.Json;

namespace Nuvola.Engine.State;

/// <summary>
/// The SQL shared by the SQLite and PostgreSQL stores: the same tables and statements (both speak
/// <c>ON CONFLICT</c>, <c>RETURNING</c> and <c>@name</c> parameters); the dialects differ in connections, the
/// events' id column and migration locking. Times are stored as Unix milliseconds; JSON as text with secret
/// members sealed by <see cref="SecretBox"/>.
/// </summary>
public abstract partial class SqlStateStore : IStateStore
{
    private readonly SecretBox _secrets;
    private readonly SemaphoreSlim _migrated = new(1, 1);
    private bool _ready;

    private protected SqlStateStore(byte[] key, TimeProvider? timeProvider)
    {
        _secrets = new SecretBox(key);
        Time = timeProvider ?? TimeProvider.System;
    }

    protected TimeProvider Time { get; }

    /// <summary>The schema, one step per version, applied in order and recorded in schema_migrations.</summary>
    private protected abstract IReadOnlyList<(int Version, string Sql)> Migrations { get; }

    /// <summary>Opens a connection (the derived store sets pragmas or pooling).</summary>
    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>A statement run first in the migration transaction to keep two processes from migrating at once.</summary>
    private protected virtual string? MigrationLockSql => null;

    /// <summary>Serialises writers inside one process when the database cannot (SQLite).</summary>
    private protected virtual SemaphoreSlim? WriteGate => null;

    /// <summary>The schema version this code writes.</summary>
    public int SchemaVersion => Migrations[^1].Version;

    public virtual ValueTask DisposeAsync()
    {
        _migrated.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>The schema version the database is at (after migrating).</summary>
    public async Task<int> GetDatabaseSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(await ScalarAsync(connection, null, "SELECT MAX(version) FROM schema_migrations",
            [], cancellationToken).ConfigureAwait(false) ?? 0);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!_ready)
        {
            await _migrated.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_ready)
                {
                    await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
                    _ready = true;
                }
            }
            finally
            {
                _migrated.Release();
            }
        }

        return connection;
    }

    private async Task MigrateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (MigrationLockSql is { } lockSql)
        {
            await ExecuteAsync(connection, tx, lockSql, [], cancellationToken).ConfigureAwait(false);
        }

        // Under the lock: two stores creating the table at once collide in PostgreSQL's catalogue even with IF NOT EXISTS.
        await ExecuteAsync(connection, tx,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)",
            [], cancellationToken).ConfigureAwait(false);

        var current = Convert.ToInt32(await ScalarAsync(connection, tx,
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], cancellationToken).ConfigureAwait(false));
        if (current > SchemaVersion)
        {
            throw new StateException(
                $"The state database is at schema version {current}, newer than this Nuvola knows ({SchemaVersion}); upgrade Nuvola.");
        }

        foreach (var (version, sql) in Migrations.Where(m => m.Version > current))
        {
            foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                await ExecuteAsync(connection, tx, statement, [], cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, tx, "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @t)",
                [("v", version), ("t", Now())], cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private long Now() => Time.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var gate = WriteGate;
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await work(connection, tx).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            gate?.Release();
        }
    }

    private async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql,
        IEnumerable<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql,
        IEnumerable<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql,
        IEnumerable<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, DbTransaction? tx, string sql,
        IEnumerable<(string, object?)> parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(map(reader));
        }

        return list;
    }

    private static string ToJson<T>(T value) => JsonSerializer.Serialize(value);

    private static T FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json)!;

    private static ImmutableArray<string> Strings(string json) => [.. FromJson<string[]>(json)];
}
