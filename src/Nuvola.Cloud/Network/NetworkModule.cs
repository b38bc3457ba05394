using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Network.Api;

namespace Nuvola.Cloud.Network;

/// <summary>Network: its services, its routes under /network, and its first-start objects.</summary>
public static class NetworkModule
{
    public static IServiceCollection AddNetwork(this IServiceCollection services)
    {
        services.AddSingleton<NetworkStore>();
        services.AddSingleton<NetworkOperations>();
        services.AddSingleton<PortOperations>();
        services.AddSingleton<SecurityGroupService>();
        services.AddSingleton<RouterOperations>();
        services.AddSingleton<SubnetPoolOperations>();
        services.AddSingleton<NeutronRenderCache>();
        services.AddSingleton<FloatingIpOperations>();
        services.AddSingleton<ServerNetworking>();
        services.AddSingleton<IServerNetworking>(provider => provider.GetRequiredService<ServerNetworking>());
        return services;
    }

    public static IEndpointRouteBuilder MapNetwork(this IEndpointRouteBuilder routes)
    {
        routes.MapNetworkApi();
        return routes;
    }

    public static void Bootstrap(IServiceProvider services, BootstrapContext context)
    {
        NetworkBootstrap.Run(
            services.GetRequiredService<NetworkStore>(), services.GetRequiredService<NetworkOperations>(), services.GetRequiredService<RouterOperations>(), context);
    }
}
