using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Nuvola.Engine.State;

namespace Nuvola.Cloud.Storage;

/// <summary>
/// The cloud's durable state: one SQLite file per data directory, holding every object as a JSON document
/// keyed by (kind, id). Reads are served from memory; every change is written through before it is acknowledged.
/// </summary>
public sealed class StateStore : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SqliteConnection _connection;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentDictionary<string, object> _collections = new(StringComparer.Ordinal);
    private bool _disposed;

    private StateStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens (or creates) the store at <paramref name="path"/>; use ":memory:" for a throwaway store.</summary>
    public static StateStore Open(string path)
    {
        if (path != ":memory:")
        {
            PrivateFiles.Database(path);
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                CREATE TABLE IF NOT EXISTS documents (
                    kind TEXT NOT NULL,
                    id   TEXT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (kind, id)
                ) WITHOUT ROWID;
                """;
            command.ExecuteNonQuery();
        }

        return new StateStore(connection);
    }

    /// <summary>
    /// The collection of one kind of object; loaded from disk on first use. <paramref name="json"/> replaces the
    /// serializer options for that kind (a kind whose records hold secrets is written sealed: <see cref="SealedJson"/>).
    /// </summary>
    public Collection<T> Collection<T>(string kind, JsonSerializerOptions? json = null)
        where T : class
        => (Collection<T>)_collections.GetOrAdd(kind, k => new Collection<T>(this, k, Load<T>(k, json ?? Json), json ?? Json));

    internal void Write(string kind, string id, string? body)
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _connection.CreateCommand();
            if (body is null)
            {
                command.CommandText = "DELETE FROM documents WHERE kind = $kind AND id = $id";
            }
            else
            {
                command.CommandText = "INSERT INTO documents (kind, id, body) VALUES ($kind, $id, $body) ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body";
                command.Parameters.AddWithValue("$body", body);
            }

            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
        }
    }

    private IEnumerable<KeyValuePair<string, T>> Load<T>(string kind, JsonSerializerOptions json)
    {
        var items = new List<KeyValuePair<string, T>>();
        lock (_writeLock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, body FROM documents WHERE kind = $kind";
            command.Parameters.AddWithValue("$kind", kind);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var value = JsonSerializer.Deserialize<T>(reader.GetString(1), json);
                if (value is not null)
                {
                    items.Add(new(reader.GetString(0), value));
                }
            }
        }

        return items;
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }
}
