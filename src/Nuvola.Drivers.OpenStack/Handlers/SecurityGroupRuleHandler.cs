using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// OS::Neutron::SecurityGroupRule → /v2.0/security-group-rules. Rules cannot carry tags in Neutron; an orphaned rule
/// goes with its group, so FindTaggedAsync reports none. Nothing is updatable in place (Heat replaces).
/// </summary>
internal sealed class SecurityGroupRuleHandler : IResourceHandler
{
    public string Type => "OS::Neutron::SecurityGroupRule";

    public async Task<ResourceSnapshot> CreateAsync(HandlerContext context, ResourceSpec spec, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var group = props.Str("security_group") ?? throw Failures.Invalid(api.Subject, "security_group is required");
        var groupId = await context.Names.IdAsync("security_group", group, api.Subject, cancellationToken).ConfigureAwait(false);
        var body = await SecurityGroupHandler.RuleBodyAsync(context, props, groupId, api.Subject, cancellationToken).ConfigureAwait(false);
        var created = await api.PostAsync(ServiceTypes.Network, "/security-group-rules", new JsonObject { ["security_group_rule"] = body },
            cancellationToken).ConfigureAwait(false);
        var rule = (JsonObject)created["security_group_rule"]!;
        return Snapshots.Applied((string)rule["id"]!, Attributes(rule), spec);
    }

    public async Task<ResourceSnapshot> UpdateAsync(HandlerContext context, ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken) =>
        await ReadAsync(context, current.PhysicalId, cancellationToken).ConfigureAwait(false) is { } now
            ? now with { Properties = spec.Properties.Clone() }
            : throw new OpenStackApiException($"{Type} '{spec.LogicalName}'", "update", 404, $"rule {current.PhysicalId} is gone", false);

    public async Task DeleteAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken) =>
        await context.Api(Type, physicalId).DeleteAsync(ServiceTypes.Network, $"/security-group-rules/{physicalId}", cancellationToken)
            .ConfigureAwait(false);

    public async Task<ResourceSnapshot?> ReadAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var found = await context.Api(Type, physicalId).FindAsync(ServiceTypes.Network, $"/security-group-rules/{physicalId}", cancellationToken)
            .ConfigureAwait(false);
        return found?["security_group_rule"] is JsonObject rule
            ? Snapshots.Of(physicalId, Attributes(rule), Snapshots.Pick(rule, "direction", "ethertype", "protocol", "port_range_min",
                "port_range_max", "remote_ip_prefix", "description"))
            : null;
    }

    public Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TaggedResource>>([]);

    private static JsonObject Attributes(JsonObject rule)
    {
        var attributes = (JsonObject)rule.DeepClone();
        attributes["show"] = rule.DeepClone();
        return attributes;
    }
}
