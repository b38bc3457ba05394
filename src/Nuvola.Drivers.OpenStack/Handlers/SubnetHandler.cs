using System.Text.Json.Nodes;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>OS::Neutron::Subnet → /v2.0/subnets (network by name or id).</summary>
internal sealed class SubnetHandler : NeutronHandler
{
    public override string Type => "OS::Neutron::Subnet";

    protected override string Collection => "subnets";

    protected override string Singular => "subnet";

    protected override async Task<JsonObject> CreateBodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken)
    {
        var network = props.Str("network", "network_id") ?? throw Failures.Invalid(subject, "network is required");
        var body = Common(spec, props);
        body["network_id"] = await context.Names.IdAsync("network", network, subject, cancellationToken).ConfigureAwait(false);
        body["ip_version"] = props.Int("ip_version") ?? 4;
        Copy(body, props, "cidr");
        Copy(body, props, "prefixlen");
        Copy(body, props, "tenant_id", "project_id");
        Copy(body, props, "ipv6_address_mode");
        Copy(body, props, "ipv6_ra_mode");
        Copy(body, props, "use_default_subnetpool");
        if (props.Str("subnetpool") is { } pool)
        {
            body["subnetpool_id"] = pool;
        }

        return body;
    }

    protected override Task<JsonObject> UpdateBodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken) => Task.FromResult(Common(spec, props));

    protected override JsonObject PropertiesOf(JsonObject item) =>
        Snapshots.Pick(item, "name", "cidr", "ip_version", "enable_dhcp", "gateway_ip", "dns_nameservers", "allocation_pools", "host_routes");

    private static JsonObject Common(ResourceSpec spec, Props props)
    {
        var body = new JsonObject { ["name"] = NameOf(spec, props) };
        Copy(body, props, "enable_dhcp");
        Copy(body, props, "dns_nameservers");
        Copy(body, props, "allocation_pools");
        Copy(body, props, "host_routes");
        Copy(body, props, "segment", "segment_id");
        if (props.Has("gateway_ip"))
        {
            // Heat: "~" or "" means no gateway.
            body["gateway_ip"] = props.Str("gateway_ip") is { } gateway && gateway != "~" ? gateway : null;
        }

        return body;
    }
}
