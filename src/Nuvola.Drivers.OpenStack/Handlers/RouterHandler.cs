using System.Text.Json.Nodes;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>OS::Neutron::Router → /v2.0/routers, with its external gateway (network and subnets by name or id).</summary>
internal sealed class RouterHandler : NeutronHandler
{
    public override string Type => "OS::Neutron::Router";

    protected override string Collection => "routers";

    protected override string Singular => "router";

    protected override async Task<JsonObject> CreateBodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken)
    {
        var body = await CommonAsync(context, spec, props, subject, cancellationToken).ConfigureAwait(false);
        Copy(body, props, "distributed");
        Copy(body, props, "ha");
        Copy(body, props, "availability_zone_hints");
        return body;
    }

    protected override Task<JsonObject> UpdateBodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken) => CommonAsync(context, spec, props, subject, cancellationToken);

    protected override JsonObject PropertiesOf(JsonObject item) => Snapshots.Pick(item, "name", "admin_state_up");

    private static async Task<JsonObject> CommonAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["name"] = NameOf(spec, props) };
        Copy(body, props, "admin_state_up");
        if (props.Has("external_gateway_info"))
        {
            body["external_gateway_info"] = props.Map("external_gateway_info") is { } info
                ? await GatewayAsync(context, new Props(info), subject, cancellationToken).ConfigureAwait(false)
                : null;
        }

        return body;
    }

    private static async Task<JsonObject> GatewayAsync(HandlerContext context, Props info, string subject, CancellationToken cancellationToken)
    {
        var gateway = new JsonObject();
        if (info.Str("network", "network_id") is { } network)
        {
            gateway["network_id"] = await context.Names.IdAsync("network", network, subject, cancellationToken).ConfigureAwait(false);
        }

        if (info.Bool("enable_snat") is { } snat)
        {
            gateway["enable_snat"] = snat;
        }

        if (info.List("external_fixed_ips") is { } ips)
        {
            var fixedIps = new JsonArray();
            foreach (var entry in ips.OfType<JsonObject>().Select(e => new Props(e)))
            {
                var ip = new JsonObject();
                if (entry.Str("subnet", "subnet_id") is { } subnet)
                {
                    ip["subnet_id"] = await context.Names.IdAsync("subnet", subnet, subject, cancellationToken).ConfigureAwait(false);
                }

                if (entry.Str("ip_address") is { } address)
                {
                    ip["ip_address"] = address;
                }

                fixedIps.Add(ip);
            }

            gateway["external_fixed_ips"] = fixedIps;
        }

        return gateway;
    }
}
