using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Network;

/// <summary>Network: its services, its routes under /network, and its first-start objects.</summary>
public static class NetworkModule
{
    public static IServiceCollection AddNetwork(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapNetwork(this IEndpointRouteBuilder routes) => routes;

    public static void Bootstrap(IServiceProvider services, BootstrapContext context)
    {
    }
}
