namespace Nuvola.Cloud.Network.Api;

/// <summary>All of Neutron's routes under /network.</summary>
public static class NetworkApi
{
    public static IEndpointRouteBuilder MapNetworkApi(this IEndpointRouteBuilder routes)
    {
        return routes;
    }
}
