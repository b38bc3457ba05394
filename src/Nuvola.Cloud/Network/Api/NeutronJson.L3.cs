using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Network.Api;

/// <summary>The wire format of routers and floating IPs.</summary>
public static partial class NeutronJson
{
    public static JsonObject Router(RouterRecord router, NetworkStore store) => WithStandard(new JsonObject
    {
        ["id"] = router.Id,
        ["name"] = router.Name,
        ["admin_state_up"] = router.AdminStateUp,
        ["status"] = "ACTIVE",
        ["external_gateway_info"] = router.Gateway is { } gateway ? new JsonObject
        {
            ["network_id"] = gateway.NetworkId,
            ["enable_snat"] = gateway.EnableSnat,
            ["external_fixed_ips"] = new JsonArray((store.Ports.Find(gateway.PortId)?.FixedIps ?? [])
                .Select(ip => (JsonNode?)new JsonObject { ["subnet_id"] = ip.SubnetId, ["ip_address"] = ip.IpAddress }).ToArray()),
        } : null,
        ["routes"] = new JsonArray(router.Routes.Select(r => (JsonNode?)new JsonObject { ["destination"] = r.Destination, ["nexthop"] = r.Nexthop }).ToArray()),
    }, router);

    public static JsonObject FloatingIp(FloatingIpRecord floating) => WithStandard(new JsonObject
    {
        ["id"] = floating.Id,
        ["floating_ip_address"] = floating.FloatingIpAddress,
        ["floating_network_id"] = floating.FloatingNetworkId,
        ["router_id"] = floating.RouterId,
        ["port_id"] = floating.PortId,
        ["fixed_ip_address"] = floating.FixedIpAddress,
        ["status"] = floating.Status,
    }, floating);

    /// <summary>The answer of add/remove_router_interface.</summary>
    public static JsonObject RouterInterface(RouterRecord router, PortRecord port) => new()
    {
        ["id"] = router.Id,
        ["tenant_id"] = router.ProjectId,
        ["project_id"] = router.ProjectId,
        ["port_id"] = port.Id,
        ["subnet_id"] = port.FixedIps.Count > 0 ? port.FixedIps[0].SubnetId : null,
        ["subnet_ids"] = Array(port.FixedIps.Select(ip => ip.SubnetId).Distinct(StringComparer.Ordinal)),
        ["network_id"] = port.NetworkId,
    };
}
