using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network.Api;

/// <summary>Router interfaces, and reading external_gateway_info and routes from a body.</summary>
public static partial class RouterEndpoints
{
    private static async Task<IResult> AddInterface(HttpContext context, NetworkStore store, RouterOperations routers, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var router = store.FindRouter(id, caller) ?? throw NeutronErrors.RouterNotFound(id);
        Access.RequireOwner(caller, router.ProjectId, "add_router_interface");
        var (subnetId, portId) = await InterfaceBody(context, cancellationToken);
        if (subnetId is not null && portId is not null)
        {
            throw NeutronErrors.BadResourceRequest("router", "Cannot specify both subnet-id and port-id");
        }

        if (portId is not null && store.FindPort(portId, caller) is null)
        {
            throw NeutronErrors.NotFound("Port", portId);
        }

        if (subnetId is not null && store.FindSubnet(subnetId, caller) is null)
        {
            throw NeutronErrors.NotFound("Subnet", subnetId);
        }

        var port = routers.AddInterface(router.Id, subnetId, portId);
        return Results.Json(NeutronJson.RouterInterface(router, port));
    }

    private static async Task<IResult> RemoveInterface(HttpContext context, NetworkStore store, RouterOperations routers, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var router = store.FindRouter(id, caller) ?? throw NeutronErrors.RouterNotFound(id);
        Access.RequireOwner(caller, router.ProjectId, "remove_router_interface");
        var (subnetId, portId) = await InterfaceBody(context, cancellationToken);
        var port = routers.RemoveInterface(router.Id, subnetId, portId);
        return Results.Json(NeutronJson.RouterInterface(router, port));
    }

    private static async Task<(string? SubnetId, string? PortId)> InterfaceBody(HttpContext context, CancellationToken cancellationToken)
    {
        var body = new NeutronBody(await JsonBody.ReadObjectAsync(context.Request, cancellationToken));
        var subnetId = body.String("subnet_id");
        var portId = body.String("port_id");
        return subnetId is null && portId is null
            ? throw NeutronErrors.BadResourceRequest("router", "Either subnet_id or port_id must be specified")
            : (subnetId, portId);
    }

    /// <summary>external_gateway_info: null or {} clears; enable_snat and external_fixed_ips are admin's (Neutron's policy).</summary>
    private static GatewayRequest? Gateway(NeutronBody body, AuthContext caller, NetworkStore store, string action)
    {
        if (!body.Has("external_gateway_info"))
        {
            return null;
        }

        var node = body.Attributes["external_gateway_info"];
        if (node is null || node is JsonObject { Count: 0 })
        {
            return GatewayRequest.None;
        }

        if (node is not JsonObject info)
        {
            throw NeutronBody.Invalid("external_gateway_info", $"'{node.ToJsonString()}' is not a dictionary");
        }

        var gateway = new NeutronBody(info);
        var unknown = info.Select(p => p.Key).Where(k => k is not ("network_id" or "enable_snat" or "external_fixed_ips")).ToList();
        if (unknown.Count > 0)
        {
            throw NeutronBody.Invalid("external_gateway_info", $"Unexpected keys supplied: {string.Join(", ", unknown)}");
        }

        var networkId = gateway.String("network_id")
            ?? throw NeutronBody.Invalid("external_gateway_info", "Validation of dictionary's keys failed. Expected keys: {'network_id'}");
        store.RequireNetwork(networkId, caller);
        var snat = gateway.Bool("enable_snat");
        if (snat is not null)
        {
            Access.RequireAdmin(caller, action, "external_gateway_info:enable_snat");
        }

        var fixedIps = gateway.Objects("external_fixed_ips")?.Select(ip =>
            new FixedIpRequest(ip["subnet_id"]?.ToString(), ip["ip_address"]?.ToString()) is { SubnetId: null, IpAddress: null }
                ? throw NeutronBody.Invalid("external_gateway_info", "external_fixed_ips need a subnet_id or an ip_address")
                : new FixedIpRequest(ip["subnet_id"]?.ToString(), ip["ip_address"]?.ToString())).ToList();
        if (fixedIps is not null)
        {
            Access.RequireAdmin(caller, action, "external_gateway_info:external_fixed_ips");
        }

        return new GatewayRequest(networkId, snat, fixedIps);
    }

    /// <summary>routes (extraroute): null clears; each a destination CIDR and a nexthop address.</summary>
    private static IReadOnlyList<HostRoute>? Routes(NeutronBody body)
    {
        if (!body.Has("routes"))
        {
            return null;
        }

        var routes = new List<HostRoute>();
        foreach (var route in body.Objects("routes") ?? [])
        {
            var destination = route["destination"]?.ToString();
            var nexthop = route["nexthop"]?.ToString();
            if (route.Count != 2 || destination is null || nexthop is null)
            {
                throw NeutronBody.Invalid("routes", $"Invalid data format for hostroute: '{route.ToJsonString()}'");
            }

            if (!IpMath.TryParseCidr(destination, out var cidr, strict: false))
            {
                throw NeutronBody.Invalid("routes", $"'{destination}' is not a valid IP subnet");
            }

            if (!IpMath.TryParseAddress(nexthop, out _, out var version) || version != cidr.Version)
            {
                throw NeutronBody.Invalid("routes", $"'{nexthop}' is not a valid IP address");
            }

            if (routes.Any(r => r.Destination == cidr.ToString() && r.Nexthop == AddressPlan.Canonical(nexthop)))
            {
                throw NeutronBody.Invalid("routes", $"Duplicate hostroute '{route.ToJsonString()}'");
            }

            routes.Add(new HostRoute(cidr.ToString(), AddressPlan.Canonical(nexthop)!));
        }

        return routes;
    }
}
