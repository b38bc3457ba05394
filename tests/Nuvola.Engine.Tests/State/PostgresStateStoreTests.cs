using System.Text;
using Npgsql;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Tests.State;

/// <summary>The state contract against a real PostgreSQL server started for the class (see <see cref="PostgresServer"/>).</summary>
public sealed class PostgresStateStoreTests(PostgresServer server) : StateStoreContract, IClassFixture<PostgresServer>
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    protected override IStateStore CreateStore() => new PostgresStateStore(server.ConnectionString, Key, Clock);

    protected override async Task<byte[]> StoredBytesAsync()
    {
        // what the tables hold, as text, plus the data files once a checkpoint has written them
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        var text = new StringBuilder();
        foreach (var sql in new[]
        {
            "SELECT string_agg(properties || attributes, '') FROM resources",
            "SELECT string_agg(value, '') FROM outputs",
            "SELECT string_agg(body, '') FROM plans",
            "CHECKPOINT",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            text.Append(await command.ExecuteScalarAsync() as string);
        }

        var files = Directory.EnumerateFiles(server.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains("/base/", StringComparison.Ordinal) || f.Contains("/pg_wal/", StringComparison.Ordinal))
            .SelectMany(f => File.ReadAllBytes(f));
        return [.. Encoding.UTF8.GetBytes(text.ToString()), .. files];
    }

    [Fact]
    public async Task Schema_IsMigratedOnce_EvenByTwoStoresAtOnce()
    {
        await using var a = new PostgresStateStore(server.ConnectionString, Key, Clock);
        await using var b = new PostgresStateStore(server.ConnectionString, Key, Clock);

        await Task.WhenAll(a.EnsureStackAsync(Stack), b.EnsureStackAsync(Stack + "-b"));

        Assert.Equal(a.SchemaVersion, await b.GetDatabaseSchemaVersionAsync());
        Assert.Equal(2, (await a.ListStacksAsync()).Count(s => s.Name.StartsWith(Stack, StringComparison.Ordinal)));
    }
}
