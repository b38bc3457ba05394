using System.Data.Common;

namespace Nuvola.Engine.State;

public abstract partial class SqlStateStore
{
    private const string StackColumns = "name, id, action, status, status_reason, version, created_at, updated_at";

    public Task<StackRecord> EnsureStackAsync(string name, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            var now = Now();
            await ExecuteAsync(c, tx,
                "INSERT INTO stacks (name, id, action, status, status_reason, version, created_at, updated_at) " +
                "VALUES (@n, @id, @a, @s, NULL, 1, @t, @t) ON CONFLICT (name) DO NOTHING",
                [("n", name), ("id", Guid.NewGuid().ToString()), ("a", nameof(StackAction.Create)),
                    ("s", nameof(StackStatus.Complete)), ("t", now)], cancellationToken).ConfigureAwait(false);
            return (await GetStackAsync(c, tx, name, cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken);

    public Task<StackRecord?> GetStackAsync(string name, CancellationToken cancellationToken = default) =>
        ReadAsync(c => GetStackAsync(c, null, name, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<StackRecord>> ListStacksAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<StackRecord>>(async c => await QueryAsync(c, null,
            $"SELECT {StackColumns} FROM stacks ORDER BY name", [], MapStack, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task<StackRecord> UpdateStackAsync(StackRecord stack, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return WriteAsync(async (c, tx) =>
        {
            var now = Now();
            var n = await ExecuteAsync(c, tx,
                "UPDATE stacks SET action = @a, status = @s, status_reason = @r, version = version + 1, updated_at = @t " +
                "WHERE name = @n AND version = @v",
                [("a", stack.Action.ToString()), ("s", stack.Status.ToString()), ("r", stack.StatusReason),
                    ("t", now), ("n", stack.Name), ("v", stack.Version)], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new StateConflictException(
                    $"Stack '{stack.Name}' changed since version {stack.Version} was read (or it does not exist).");
            }

            return (await GetStackAsync(c, tx, stack.Name, cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken);
    }

    public Task DeleteStackAsync(string name, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            foreach (var table in new[] { "resources", "events", "outputs", "plans", "leases", "stacks" })
            {
                var column = table == "stacks" ? "name" : "stack";
                await ExecuteAsync(c, tx, $"DELETE FROM {table} WHERE {column} = @n", [("n", name)], cancellationToken)
                    .ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);

    private static async Task<StackRecord?> GetStackAsync(DbConnection c, DbTransaction? tx, string name,
        CancellationToken cancellationToken) =>
        (await QueryAsync(c, tx, $"SELECT {StackColumns} FROM stacks WHERE name = @n", [("n", name)], MapStack,
            cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    private static StackRecord MapStack(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        Enum.Parse<StackAction>(r.GetString(2)),
        Enum.Parse<StackStatus>(r.GetString(3)),
        r.IsDBNull(4) ? null : r.GetString(4),
        r.GetInt64(5),
        FromMs(r.GetInt64(6)),
        FromMs(r.GetInt64(7)));

    private static Task BumpStackAsync(DbConnection c, DbTransaction tx, string stack, long now,
        CancellationToken cancellationToken) =>
        ExecuteAsync(c, tx, "UPDATE stacks SET version = version + 1, updated_at = @t WHERE name = @n",
            [("t", now), ("n", stack)], cancellationToken);
}
