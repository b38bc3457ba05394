using System.Text.Json.Nodes;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>OS::Neutron::FloatingIP → /v2.0/floatingips (floating network, subnet and port by name or id).</summary>
internal sealed class FloatingIpHandler : NeutronHandler
{
    public override string Type => "OS::Neutron::FloatingIP";

    protected override string Collection => "floatingips";

    protected override string Singular => "floatingip";

    protected override bool UpdatesValueSpecs => false;

    protected override async Task<JsonObject> CreateBodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken)
    {
        var network = props.Str("floating_network", "floating_network_id") ?? throw Failures.Invalid(subject, "floating_network is required");
        var body = await CommonAsync(context, props, subject, cancellationToken).ConfigureAwait(false);
        body["floating_network_id"] = await context.Names.IdAsync("network", network, subject, cancellationToken).ConfigureAwait(false);
        if (props.Str("floating_subnet") is { } subnet)
        {
            body["subnet_id"] = await context.Names.IdAsync("subnet", subnet, subject, cancellationToken).ConfigureAwait(false);
        }

        Copy(body, props, "floating_ip_address");
        Copy(body, props, "dns_name");
        Copy(body, props, "dns_domain");
        return body;
    }

    protected override Task<JsonObject> UpdateBodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken) => CommonAsync(context, props, subject, cancellationToken, update: true);

    protected override JsonObject PropertiesOf(JsonObject item) => Snapshots.Pick(item, "port_id", "fixed_ip_address", "floating_ip_address");

    private static async Task<JsonObject> CommonAsync(HandlerContext context, Props props, string subject, CancellationToken cancellationToken,
        bool update = false)
    {
        var body = new JsonObject();
        if (props.Str("port_id") is { } port)
        {
            body["port_id"] = await context.Names.IdAsync("port", port, subject, cancellationToken).ConfigureAwait(false);
            Copy(body, props, "fixed_ip_address");
        }
        else if (update)
        {
            body["port_id"] = null;
        }

        return body;
    }
}
