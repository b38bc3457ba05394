using System.Text.Json.Nodes;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>OS::Neutron::Port → /v2.0/ports (network, subnets and security groups by name or id).</summary>
internal sealed class PortHandler : NeutronHandler
{
    public override string Type => "OS::Neutron::Port";

    protected override string Collection => "ports";

    protected override string Singular => "port";

    protected override async Task<JsonObject> CreateBodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken)
    {
        var network = props.Str("network", "network_id") ?? throw Failures.Invalid(subject, "network is required");
        var body = await CommonAsync(context, spec, props, subject, cancellationToken).ConfigureAwait(false);
        body["network_id"] = await context.Names.IdAsync("network", network, subject, cancellationToken).ConfigureAwait(false);
        Copy(body, props, "mac_address");
        return body;
    }

    protected override Task<JsonObject> UpdateBodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken) => CommonAsync(context, spec, props, subject, cancellationToken);

    protected override JsonObject PropertiesOf(JsonObject item) =>
        Snapshots.Pick(item, "name", "admin_state_up", "mac_address", "device_id", "device_owner", "port_security_enabled", "dns_name");

    protected override bool IsOwn(JsonObject item) => (string?)item["device_owner"] != "network:router_interface";

    /// <summary>The ids of security groups given by name or id.</summary>
    internal static async Task<JsonArray> SecurityGroupIdsAsync(HandlerContext context, IEnumerable<string> groups, string subject,
        CancellationToken cancellationToken)
    {
        var ids = new JsonArray();
        foreach (var group in groups)
        {
            ids.Add(await context.Names.IdAsync("security_group", group, subject, cancellationToken).ConfigureAwait(false));
        }

        return ids;
    }

    private static async Task<JsonObject> CommonAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["name"] = NameOf(spec, props) };
        Copy(body, props, "admin_state_up");
        Copy(body, props, "allowed_address_pairs");
        Copy(body, props, "binding:vnic_type");
        Copy(body, props, "binding:profile");
        Copy(body, props, "port_security_enabled");
        Copy(body, props, "device_id");
        Copy(body, props, "device_owner");
        Copy(body, props, "dns_name");
        Copy(body, props, "propagate_uplink_status");
        Copy(body, props, "qos_policy", "qos_policy_id");
        if (props.Has("security_groups"))
        {
            body["security_groups"] = await SecurityGroupIdsAsync(context, props.Strings("security_groups"), subject, cancellationToken)
                .ConfigureAwait(false);
        }

        if (props.Bool("no_fixed_ips") == true)
        {
            body["fixed_ips"] = new JsonArray();
        }
        else if (props.List("fixed_ips") is { } fixedIps)
        {
            var ips = new JsonArray();
            foreach (var entry in fixedIps.OfType<JsonObject>())
            {
                var item = new Props(entry);
                var ip = new JsonObject();
                if (item.Str("subnet", "subnet_id") is { } subnet)
                {
                    ip["subnet_id"] = await context.Names.IdAsync("subnet", subnet, subject, cancellationToken).ConfigureAwait(false);
                }

                if (item.Str("ip_address") is { } address)
                {
                    ip["ip_address"] = address;
                }

                ips.Add(ip);
            }

            body["fixed_ips"] = ips;
        }

        return body;
    }
}
