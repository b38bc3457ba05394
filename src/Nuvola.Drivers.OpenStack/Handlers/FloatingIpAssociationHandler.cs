using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// OS::Neutron::FloatingIPAssociation → PUT /floatingips/{id} {port_id}. The physical id is "FLOATINGIP:PORT"; it is
/// no object of its own, so it carries no tags (the floating IP and the port do).
/// </summary>
internal sealed class FloatingIpAssociationHandler : IResourceHandler
{
    public string Type => "OS::Neutron::FloatingIPAssociation";

    public async Task<ResourceSnapshot> CreateAsync(HandlerContext context, ResourceSpec spec, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var fip = props.Str("floatingip_id") ?? throw Failures.Invalid(api.Subject, "floatingip_id is required");
        var port = await context.Names.IdAsync("port", props.Str("port_id") ?? throw Failures.Invalid(api.Subject, "port_id is required"),
            api.Subject, cancellationToken).ConfigureAwait(false);
        var body = new JsonObject { ["port_id"] = port };
        if (props.Str("fixed_ip_address") is { } fixedIp)
        {
            body["fixed_ip_address"] = fixedIp;
        }

        var answer = await api.PutAsync(ServiceTypes.Network, $"/floatingips/{fip}", new JsonObject { ["floatingip"] = body }, cancellationToken)
            .ConfigureAwait(false);
        return Snapshots.Applied($"{fip}:{port}", Attributes(answer["floatingip"]), spec);
    }

    public async Task<ResourceSnapshot> UpdateAsync(HandlerContext context, ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken)
    {
        var props = Props.Of(spec.Properties);
        var (oldFip, _) = Parse(current.PhysicalId);
        if (props.Str("floatingip_id") != oldFip)
        {
            await DeleteAsync(context, current.PhysicalId, cancellationToken).ConfigureAwait(false);
        }

        return await CreateAsync(context, spec, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var (fip, port) = Parse(physicalId);
        var api = context.Api(Type, physicalId);
        var current = await api.FindAsync(ServiceTypes.Network, $"/floatingips/{fip}", cancellationToken).ConfigureAwait(false);
        if ((string?)current?["floatingip"]?["port_id"] == port)
        {
            await context.Session.SendAsync(ServiceTypes.Network, HttpMethod.Put, $"/floatingips/{fip}",
                new JsonObject { ["floatingip"] = new JsonObject { ["port_id"] = null } }, api.Subject, allowNotFound: true,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<ResourceSnapshot?> ReadAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var (fip, port) = Parse(physicalId);
        var current = await context.Api(Type, physicalId).FindAsync(ServiceTypes.Network, $"/floatingips/{fip}", cancellationToken)
            .ConfigureAwait(false);
        return current?["floatingip"] is JsonObject item && (string?)item["port_id"] == port
            ? Snapshots.Of(physicalId, Attributes(item), new JsonObject
            {
                ["floatingip_id"] = fip,
                ["port_id"] = port,
                ["fixed_ip_address"] = item["fixed_ip_address"]?.DeepClone(),
            })
            : null;
    }

    public Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TaggedResource>>([]);

    private static (string Fip, string Port) Parse(string physicalId)
    {
        var colon = physicalId.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (physicalId[..colon], physicalId[(colon + 1)..]) : (physicalId, string.Empty);
    }

    private static JsonObject Attributes(JsonNode? item)
    {
        var attributes = item?.DeepClone() as JsonObject ?? [];
        attributes["show"] = item?.DeepClone();
        return attributes;
    }
}
