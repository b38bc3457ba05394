using System.Collections.Immutable;
using System.Data.Common;

namespace Nuvola.Engine.State;

public abstract partial class SqlStateStore
{
    public Task<IReadOnlyList<ResourceRecord>> GetResourcesAsync(string stack,
        CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ResourceRecord>>(async c => await QueryAsync(c, null,
            "SELECT logical_name, type, physical_id, properties, attributes, status, tags, depends_on, secret_keys, " +
            "version, status_reason, cloud FROM resources WHERE stack = @s ORDER BY logical_name",
            [("s", stack)], r => MapResource(stack, r), cancellationToken).ConfigureAwait(false), cancellationToken);

    public Task<ResourceRecord> PutResourceAsync(string stack, ResourceRecord resource,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return WriteAsync(async (c, tx) =>
        {
            var context = $"{stack}/{resource.LogicalName}";
            (string, object?)[] values =
            [
                ("s", stack), ("n", resource.LogicalName), ("type", resource.Type), ("pid", resource.PhysicalId),
                ("p", _secrets.Seal(resource.Properties, resource.SecretKeys, context + "/properties")),
                ("a", _secrets.Seal(resource.Attributes, resource.SecretKeys, context + "/attributes")),
                ("st", resource.Status.ToString()), ("tags", ToJson(resource.Tags)),
                ("deps", ToJson(resource.DependsOn)), ("sk", ToJson(resource.SecretKeys)),
                ("v", resource.Version), ("r", resource.StatusReason), ("t", Now()), ("cloud", resource.Cloud),
            ];
            int n;
            if (resource.Version == 0)
            {
                n = await ExecuteAsync(c, tx,
                    "INSERT INTO resources (stack, logical_name, type, physical_id, properties, attributes, status, " +
                    "tags, depends_on, secret_keys, version, status_reason, updated_at, cloud) " +
                    "VALUES (@s, @n, @type, @pid, @p, @a, @st, @tags, @deps, @sk, 1, @r, @t, @cloud) " +
                    "ON CONFLICT (stack, logical_name) DO NOTHING", values, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                n = await ExecuteAsync(c, tx,
                    "UPDATE resources SET type = @type, physical_id = @pid, properties = @p, attributes = @a, " +
                    "status = @st, tags = @tags, depends_on = @deps, secret_keys = @sk, version = version + 1, " +
                    "status_reason = @r, updated_at = @t, cloud = @cloud WHERE stack = @s AND logical_name = @n AND version = @v",
                    values, cancellationToken).ConfigureAwait(false);
            }

            if (n == 0)
            {
                throw new StateConflictException(resource.Version == 0
                    ? $"Resource '{resource.LogicalName}' of stack '{stack}' is already recorded."
                    : $"Resource '{resource.LogicalName}' of stack '{stack}' changed since version {resource.Version} was read.");
            }

            await BumpStackAsync(c, tx, stack, Now(), cancellationToken).ConfigureAwait(false);
            return resource with { Version = resource.Version + 1 };
        }, cancellationToken);
    }

    public Task DeleteResourceAsync(string stack, string logicalName, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            await ExecuteAsync(c, tx, "DELETE FROM resources WHERE stack = @s AND logical_name = @n",
                [("s", stack), ("n", logicalName)], cancellationToken).ConfigureAwait(false);
            await BumpStackAsync(c, tx, stack, Now(), cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private ResourceRecord MapResource(string stack, DbDataReader r)
    {
        var name = r.GetString(0);
        var context = $"{stack}/{name}";
        return new ResourceRecord(
            name,
            r.GetString(1),
            r.IsDBNull(2) ? null : r.GetString(2),
            _secrets.Open(r.GetString(3), context + "/properties"),
            _secrets.Open(r.GetString(4), context + "/attributes"),
            Enum.Parse<ResourceStatus>(r.GetString(5)),
            FromJson<Dictionary<string, string>>(r.GetString(6)).ToImmutableDictionary(),
            Strings(r.GetString(7)),
            Strings(r.GetString(8)),
            r.GetInt64(9),
            r.IsDBNull(10) ? null : r.GetString(10),
            r.IsDBNull(11) ? null : r.GetString(11));
    }
}
