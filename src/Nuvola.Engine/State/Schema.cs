namespace Nuvola.Engine.State;

/// <summary>
/// The state schema, versioned. A new version is a new entry at the end (never an edit of an old one); both
/// dialects get every version. Statements are separated by ';'.
/// </summary>
internal static class Schema
{
    public static IReadOnlyList<(int Version, string Sql)> For(string eventId) =>
    [
        (1, $"""
            CREATE TABLE stacks (name TEXT PRIMARY KEY, id TEXT NOT NULL, action TEXT NOT NULL, status TEXT NOT NULL,
                status_reason TEXT, version BIGINT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
            CREATE TABLE resources (stack TEXT NOT NULL, logical_name TEXT NOT NULL, type TEXT NOT NULL,
                physical_id TEXT, properties TEXT NOT NULL, attributes TEXT NOT NULL, status TEXT NOT NULL,
                tags TEXT NOT NULL, depends_on TEXT NOT NULL, secret_keys TEXT NOT NULL, version BIGINT NOT NULL,
                status_reason TEXT, updated_at BIGINT NOT NULL, PRIMARY KEY (stack, logical_name));
            CREATE TABLE events (id {eventId}, stack TEXT NOT NULL, logical_name TEXT NOT NULL,
                resource_type TEXT NOT NULL, action TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,
                time BIGINT NOT NULL, request_id TEXT, physical_id TEXT);
            CREATE TABLE outputs (stack TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, description TEXT,
                secret INTEGER NOT NULL, PRIMARY KEY (stack, name));
            CREATE TABLE plans (stack TEXT NOT NULL, id TEXT NOT NULL, created_at BIGINT NOT NULL, body TEXT NOT NULL,
                PRIMARY KEY (stack, id));
            CREATE TABLE leases (stack TEXT PRIMARY KEY, lease_id TEXT NOT NULL, holder TEXT NOT NULL,
                expires_at BIGINT NOT NULL)
            """),
        (2, "CREATE INDEX events_by_stack ON events (stack, id)"),
        (3, "ALTER TABLE outputs ADD COLUMN error TEXT"),
        // The cloud target of each resource and event (NULL: recorded before clouds were; the next command that
        // needs it is told the cloud with --cloud and records it).
        (4, "ALTER TABLE resources ADD COLUMN cloud TEXT; ALTER TABLE events ADD COLUMN cloud TEXT"),
    ];
}
