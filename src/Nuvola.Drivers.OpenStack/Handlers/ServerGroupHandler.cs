using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// OS::Nova::ServerGroup → /os-server-groups (policies before microversion 2.64, policy + rules after). Server groups
/// have neither tags nor metadata, so FindTaggedAsync reports none (an orphan holds no capacity). Nothing is
/// updatable in place.
/// </summary>
internal sealed class ServerGroupHandler : IResourceHandler
{
    public string Type => "OS::Nova::ServerGroup";

    public async Task<ResourceSnapshot> CreateAsync(HandlerContext context, ResourceSpec spec, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var microversion = await context.Session.GetMicroversionAsync(ServiceTypes.Compute, cancellationToken).ConfigureAwait(false);
        var policies = props.Strings("policies").ToList() is { Count: > 0 } given ? given : ["anti-affinity"];
        var group = new JsonObject { ["name"] = props.Str("name") ?? $"{spec.Stack}-{spec.LogicalName}" };
        if (microversion is { } mv && mv >= new ApiVersion(2, 64))
        {
            group["policy"] = policies[0];
            if (props.Map("rules") is { Count: > 0 } rules && policies[0] == "anti-affinity")
            {
                group["rules"] = rules.DeepClone();
            }
        }
        else
        {
            group["policies"] = new JsonArray([.. policies.Select(p => (JsonNode?)p)]);
        }

        var created = await api.PostAsync(ServiceTypes.Compute, "/os-server-groups", new JsonObject { ["server_group"] = group }, cancellationToken)
            .ConfigureAwait(false);
        var item = created["server_group"] as JsonObject ?? [];
        return Snapshots.Applied((string)item["id"]!, Attributes(item), spec);
    }

    public async Task<ResourceSnapshot> UpdateAsync(HandlerContext context, ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken) =>
        await ReadAsync(context, current.PhysicalId, cancellationToken).ConfigureAwait(false) is { } now
            ? now with { Properties = spec.Properties.Clone() }
            : throw new OpenStackApiException($"{Type} '{spec.LogicalName}'", "update", 404, $"server group {current.PhysicalId} is gone", false);

    public async Task DeleteAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken) =>
        await context.Api(Type, physicalId).DeleteAsync(ServiceTypes.Compute, $"/os-server-groups/{physicalId}", cancellationToken)
            .ConfigureAwait(false);

    public async Task<ResourceSnapshot?> ReadAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var found = await context.Api(Type, physicalId).FindAsync(ServiceTypes.Compute, $"/os-server-groups/{physicalId}", cancellationToken)
            .ConfigureAwait(false);
        return found?["server_group"] is JsonObject item ? Snapshots.Of(physicalId, Attributes(item), Snapshots.Pick(item, "name")) : null;
    }

    public Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TaggedResource>>([]);

    private static JsonObject Attributes(JsonObject item)
    {
        var attributes = (JsonObject)item.DeepClone();
        attributes["show"] = item.DeepClone();
        return attributes;
    }
}
