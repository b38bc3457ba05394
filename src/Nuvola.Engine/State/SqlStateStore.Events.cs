using System.Collections.Immutable;
using System.Text.Json;

namespace Nuvola.Engine.State;

public abstract partial class SqlStateStore
{
    public Task<EngineEvent> AppendEventAsync(EngineEvent engineEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engineEvent);
        return WriteAsync(async (c, tx) =>
        {
            var id = await ScalarAsync(c, tx,
                "INSERT INTO events (stack, logical_name, resource_type, action, status, reason, time, request_id, " +
                "physical_id, cloud) VALUES (@s, @n, @type, @a, @st, @r, @t, @rid, @pid, @cloud) RETURNING id",
                [("s", engineEvent.Stack), ("n", engineEvent.LogicalName), ("type", engineEvent.ResourceType),
                    ("a", engineEvent.Action.ToString()), ("st", engineEvent.Status.ToString()),
                    ("r", engineEvent.Reason), ("t", engineEvent.Time.ToUnixTimeMilliseconds()),
                    ("rid", engineEvent.RequestId), ("pid", engineEvent.PhysicalId), ("cloud", engineEvent.Cloud)], cancellationToken)
                .ConfigureAwait(false);
            return engineEvent with { Id = Convert.ToInt64(id) };
        }, cancellationToken);
    }

    public Task<EventPage> GetEventsAsync(string stack, long? after = null, int limit = 100,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return ReadAsync(async c =>
        {
            var rows = await QueryAsync(c, null,
                "SELECT id, stack, logical_name, resource_type, action, status, reason, time, request_id, physical_id, cloud " +
                "FROM events WHERE stack = @s AND id > @after ORDER BY id LIMIT @limit",
                [("s", stack), ("after", after ?? 0L), ("limit", (long)limit + 1)],
                r => new EngineEvent(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
                    Enum.Parse<EventAction>(r.GetString(4)), Enum.Parse<EventStatus>(r.GetString(5)),
                    r.IsDBNull(6) ? null : r.GetString(6), FromMs(r.GetInt64(7)),
                    r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9),
                    r.IsDBNull(10) ? null : r.GetString(10)),
                cancellationToken).ConfigureAwait(false);
            var more = rows.Count > limit;
            var page = rows.Take(limit).ToImmutableArray();
            return new EventPage(page, more ? page[^1].Id : null);
        }, cancellationToken);
    }

    public Task SetOutputsAsync(string stack, IReadOnlyList<OutputRecord> outputs,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        return WriteAsync(async (c, tx) =>
        {
            await ExecuteAsync(c, tx, "DELETE FROM outputs WHERE stack = @s", [("s", stack)], cancellationToken)
                .ConfigureAwait(false);
            foreach (var o in outputs)
            {
                var value = o.Secret
                    ? _secrets.Encrypt(o.Value.GetRawText(), $"{stack}/outputs/{o.Name}")
                    : o.Value.GetRawText();
                await ExecuteAsync(c, tx,
                    "INSERT INTO outputs (stack, name, value, description, secret, error) VALUES (@s, @n, @v, @d, @sec, @e)",
                    [("s", stack), ("n", o.Name), ("v", value), ("d", o.Description), ("sec", o.Secret ? 1 : 0), ("e", o.Error)],
                    cancellationToken).ConfigureAwait(false);
            }

            await BumpStackAsync(c, tx, stack, Now(), cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<OutputRecord>> GetOutputsAsync(string stack, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<OutputRecord>>(async c => await QueryAsync(c, null,
            "SELECT name, value, description, secret, error FROM outputs WHERE stack = @s ORDER BY name", [("s", stack)],
            r =>
            {
                var name = r.GetString(0);
                var secret = Convert.ToInt32(r.GetValue(3)) != 0;
                var raw = secret ? _secrets.Decrypt(r.GetString(1), $"{stack}/outputs/{name}") : r.GetString(1);
                return new OutputRecord(name, JsonSerializer.Deserialize<JsonElement>(raw),
                    r.IsDBNull(2) ? null : r.GetString(2), secret, r.IsDBNull(4) ? null : r.GetString(4));
            }, cancellationToken).ConfigureAwait(false), cancellationToken);

    public Task SavePlanAsync(PlanRecord plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return WriteAsync(async (c, tx) => await ExecuteAsync(c, tx,
            "INSERT INTO plans (stack, id, created_at, body) VALUES (@s, @id, @t, @b) " +
            "ON CONFLICT (stack, id) DO UPDATE SET created_at = excluded.created_at, body = excluded.body",
            [("s", plan.Stack), ("id", plan.Id), ("t", plan.CreatedAt.ToUnixTimeMilliseconds()), ("b", _secrets.Encrypt(plan.Json, $"{plan.Stack}/plans/{plan.Id}"))],
            cancellationToken).ConfigureAwait(false), cancellationToken);
    }

    public Task<PlanRecord?> GetPlanAsync(string stack, string id, CancellationToken cancellationToken = default) =>
        ReadAsync(async c => (await QueryAsync(c, null,
            "SELECT id, stack, created_at, body FROM plans WHERE stack = @s AND id = @id", [("s", stack), ("id", id)],
            r => new PlanRecord(r.GetString(0), r.GetString(1), FromMs(r.GetInt64(2)),
                _secrets.Decrypt(r.GetString(3), $"{stack}/plans/{id}")),
            cancellationToken).ConfigureAwait(false)).SingleOrDefault(), cancellationToken);
}
