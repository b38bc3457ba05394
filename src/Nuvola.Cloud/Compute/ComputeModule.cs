using Nuvola.Cloud.Compute.AvailabilityZones;
using Nuvola.Cloud.Compute.Flavors;
using Nuvola.Cloud.Compute.Interfaces;
using Nuvola.Cloud.Compute.Keypairs;
using Nuvola.Cloud.Compute.Limits;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Compute.SecurityGroups;
using Nuvola.Cloud.Compute.ServerGroups;
using Nuvola.Cloud.Compute.ServerPasswords;
using Nuvola.Cloud.Compute.Servers;
using Nuvola.Cloud.Compute.Versions;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Compute;

/// <summary>Compute: its services, its routes under /compute, and its first-start objects.</summary>
public static class ComputeModule
{
    public static IServiceCollection AddCompute(this IServiceCollection services)
    {
        services.AddSingleton<FlavorStore>();
        services.AddSingleton<KeypairStore>();
        services.AddSingleton<QuotaService>();
        services.AddSingleton<NovaSecurityGroups>();
        services.AddSingleton<ServerGroupStore>();
        services.AddSingleton<IServerCleanup>(provider => provider.GetRequiredService<ServerGroupStore>());
        services.AddSingleton<VirtualInterfaceStore>();
        services.AddSingleton<IServerCleanup>(provider => provider.GetRequiredService<VirtualInterfaceStore>());
        services.AddSingleton<ServerPasswordStore>();
        services.AddSingleton<IServerCleanup>(provider => provider.GetRequiredService<ServerPasswordStore>());
        services.AddServers();
        return services;
    }

    public static IEndpointRouteBuilder MapCompute(this IEndpointRouteBuilder routes)
    {
        routes.MapComputeVersions();
        routes.MapComputeApi().MapFlavors();
        routes.MapComputeApi().MapKeypairs();
        routes.MapComputeApi().MapLimits().MapQuotaSets();
        routes.MapComputeApi().MapAvailabilityZones();
        routes.MapComputeApi().MapSecurityGroups();
        routes.MapComputeApi().MapServerGroups();
        routes.MapComputeApi().MapServerInterfaces().MapServerPasswords();
        routes.MapServerResources();
        return routes;
    }

    public static void Bootstrap(IServiceProvider services, BootstrapContext context)
    {
        FlavorBootstrap.Run(services.GetRequiredService<FlavorStore>(), context);
        KeypairBootstrap.Run(services.GetRequiredService<KeypairStore>(), services.GetRequiredService<Identity.IdentityStore>(), context);
    }
}
