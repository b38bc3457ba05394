using Microsoft.Data.Sqlite;
using Nuvola.Engine.Applying;
using Nuvola.Engine.Planning;
using Nuvola.Engine.State;
using Nuvola.Engine.Tests.Applying;

namespace Nuvola.Engine.Tests.State;

/// <summary>State written by the schema before clouds were recorded (version 3) opens with no loss and can be destroyed.</summary>
public sealed class SchemaMigrationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nuvola-migrate-" + Guid.NewGuid().ToString("N")[..12]);

    public SchemaMigrationTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    // The schema as it was at version 3 (main before clouds), written the way that code wrote it.
    private const string OldSchema = """
        CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);
        CREATE TABLE stacks (name TEXT PRIMARY KEY, id TEXT NOT NULL, action TEXT NOT NULL, status TEXT NOT NULL,
            status_reason TEXT, version BIGINT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
        CREATE TABLE resources (stack TEXT NOT NULL, logical_name TEXT NOT NULL, type TEXT NOT NULL,
            physical_id TEXT, properties TEXT NOT NULL, attributes TEXT NOT NULL, status TEXT NOT NULL,
            tags TEXT NOT NULL, depends_on TEXT NOT NULL, secret_keys TEXT NOT NULL, version BIGINT NOT NULL,
            status_reason TEXT, updated_at BIGINT NOT NULL, PRIMARY KEY (stack, logical_name));
        CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, stack TEXT NOT NULL, logical_name TEXT NOT NULL,
            resource_type TEXT NOT NULL, action TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,
            time BIGINT NOT NULL, request_id TEXT, physical_id TEXT);
        CREATE TABLE outputs (stack TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, description TEXT,
            secret INTEGER NOT NULL, PRIMARY KEY (stack, name));
        CREATE TABLE plans (stack TEXT NOT NULL, id TEXT NOT NULL, created_at BIGINT NOT NULL, body TEXT NOT NULL,
            PRIMARY KEY (stack, id));
        CREATE TABLE leases (stack TEXT PRIMARY KEY, lease_id TEXT NOT NULL, holder TEXT NOT NULL,
            expires_at BIGINT NOT NULL);
        CREATE INDEX events_by_stack ON events (stack, id);
        ALTER TABLE outputs ADD COLUMN error TEXT;
        INSERT INTO schema_migrations VALUES (1, 0), (2, 0), (3, 0);
        INSERT INTO stacks VALUES ('old', 'id-1', 'Create', 'Complete', NULL, 5, 1000, 2000);
        INSERT INTO resources VALUES
            ('old', 'net', 'Test::Port', 'obj-1', '{"name":"net"}', '{}', 'Ready', '{"nuvola-stack":"old"}', '[]', '[]', 1, NULL, 1000),
            ('old', 'web', 'Test::Server', 'obj-2', '{"name":"web"}', '{"id":"obj-2"}', 'Ready', '{}', '["net"]', '[]', 1, NULL, 1000),
            ('old', 'pending', 'Test::Server', NULL, '{"name":"pending"}', '{}', 'Failed', '{}', '[]', '[]', 1, 'boom', 1000);
        INSERT INTO events (stack, logical_name, resource_type, action, status, reason, time) VALUES
            ('old', 'web', 'Test::Server', 'Create', 'Complete', NULL, 1500);
        INSERT INTO outputs VALUES ('old', 'url', '"http://x"', NULL, 0, NULL);
        """;

    [Fact]
    public async Task StateOfTheOldSchema_OpensWithEveryRecord_AndDestroysThroughTheNewCode()
    {
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, SqliteStateStore.FileName)}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = OldSchema;
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        var cloud = new FakeCloudDriver();
        var net = cloud.Plant("old", "net", "Test::Port");
        var web = cloud.Plant("old", "web", "Test::Server");
        Assert.Equal(("obj-1", "obj-2"), (net.Id, web.Id));

        await using var store = SqliteStateStore.Open(_dir, TimeProvider.System, _ => null);
        var records = await store.GetResourcesAsync("old");

        Assert.Equal(4, await store.GetDatabaseSchemaVersionAsync());
        Assert.Equal(["net", "pending", "web"], records.Select(r => r.LogicalName));
        Assert.All(records, r => Assert.Null(r.Cloud));
        Assert.Equal(["net"], records.Single(r => r.LogicalName == "web").DependsOn.ToList());
        Assert.Equal("obj-2", records.Single(r => r.LogicalName == "web").Attributes.GetProperty("id").GetString());
        Assert.Equal("boom", records.Single(r => r.LogicalName == "pending").StatusReason);
        Assert.Equal("http://x", (await store.GetOutputsAsync("old")).Single().Value.GetString());
        var oldEvent = Assert.Single((await store.GetEventsAsync("old")).Events);
        Assert.Null(oldEvent.Cloud);

        // What `--cloud NAME` does for records without a cloud: it is recorded, then everything acts there.
        foreach (var r in records)
        {
            await store.PutResourceAsync("old", r with { Cloud = "legacy" });
        }

        var stack = (await store.GetStackAsync("old"))!;
        var plan = new Planner().Create(new PlanRequest("old", [], await store.GetResourcesAsync("old"), stack.Version,
            new ResourceTypeSchemas()));
        var result = await new Applier(store, new DriverRegistry([cloud], "legacy"),
            new ApplyOptions { Retry = RetryPolicy.None }).ApplyAsync(plan);

        Assert.True(result.Succeeded);
        Assert.Empty(await store.GetResourcesAsync("old"));
        Assert.Empty(cloud.Objects);
        Assert.All((await store.GetEventsAsync("old", 1)).Events.Where(e => e.LogicalName != "old"),
            e => Assert.Equal("legacy", e.Cloud));
    }
}
