using System.Text.Json.Nodes;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>OS::Neutron::Net → /v2.0/networks.</summary>
internal sealed class NetHandler : NeutronHandler
{
    public override string Type => "OS::Neutron::Net";

    protected override string Collection => "networks";

    protected override string Singular => "network";

    protected override Task<JsonObject> CreateBodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken)
    {
        var body = Common(spec, props);
        Copy(body, props, "tenant_id", "project_id");
        Copy(body, props, "availability_zone_hints");
        return Task.FromResult(body);
    }

    protected override Task<JsonObject> UpdateBodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken) => Task.FromResult(Common(spec, props));

    protected override JsonObject PropertiesOf(JsonObject item) =>
        Snapshots.Pick(item, "name", "admin_state_up", "shared", "port_security_enabled", "dns_domain");

    private static JsonObject Common(ResourceSpec spec, Props props)
    {
        var body = new JsonObject { ["name"] = NameOf(spec, props) };
        Copy(body, props, "admin_state_up");
        Copy(body, props, "shared");
        Copy(body, props, "port_security_enabled");
        Copy(body, props, "dns_domain");
        Copy(body, props, "qos_policy", "qos_policy_id");
        return body;
    }
}
