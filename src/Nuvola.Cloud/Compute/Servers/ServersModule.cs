using Microsoft.Extensions.DependencyInjection.Extensions;
using Nuvola.Cloud.Compute.Images;
using Nuvola.Cloud.Compute.Limits;
using Nuvola.Cloud.Compute.Volumes;
using Nuvola.Cloud.Hypervisors;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>The servers part of Compute: its services (the fake hypervisor unless another is registered) and routes.</summary>
public static class ServersModule
{
    public static IServiceCollection AddServers(this IServiceCollection services)
    {
        services.TryAddSingleton<IHypervisor, FakeHypervisor>();
        services.AddSingleton<ServerStore>();
        services.AddSingleton<ServerFlavors>();
        services.AddSingleton<ServerService>();
        services.AddSingleton<IComputeUsage, ServerUsage>();
        services.AddSingleton<BlockDeviceStore>();
        services.AddSingleton<ServerVolumeService>();
        services.AddHostedService<ServerRecovery>();
        services.AddHostedService<BlockDeviceRecovery>();
        return services;
    }

    public static IEndpointRouteBuilder MapServerResources(this IEndpointRouteBuilder routes)
    {
        routes.MapServers();
        routes.MapServerMetadata();
        routes.MapServerTags();
        routes.MapInstanceActions();
        routes.MapVolumeAttachments();
        routes.MapImageProxy();
        return routes;
    }
}
