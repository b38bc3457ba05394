namespace Nuvola.Cloud.Network.Api;

/// <summary>All of Neutron's routes under /network (clients call /network/v2.0/...).</summary>
public static class NetworkApi
{
    public static IEndpointRouteBuilder MapNetworkApi(this IEndpointRouteBuilder routes)
    {
        routes.MapNetworkVersions();
        var v2 = routes.MapGroup("/network/v2.0");
        v2.MapNetworkExtensions();
        v2.MapNetworks();
        v2.MapSubnets();
        v2.MapSubnetPools();
        v2.MapAddressScopes();
        v2.MapPorts();
        v2.MapSecurityGroups();
        v2.MapRouters();
        v2.MapFloatingIps();
        v2.MapQuotas();
        v2.MapTags();
        return routes;
    }
}
