using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>Block Storage (Cinder v3): its services, its routes under /volume, and its first-start volume type.</summary>
public static class BlockStorageModule
{
    public static IServiceCollection AddBlockStorage(this IServiceCollection services)
    {
        services.AddSingleton<VolumeStore>();
        services.AddSingleton<VolumeCreation>();
        services.AddSingleton<IServerVolumes, ServerVolumes>();
        return services;
    }

    public static IEndpointRouteBuilder MapBlockStorage(this IEndpointRouteBuilder routes)
    {
        routes.MapVolumeVersions();
        routes.MapVolumes();
        routes.MapVolumeMetadata();
        routes.MapSnapshots();
        routes.MapVolumeTypes();
        routes.MapVolumeServices();
        return routes;
    }

    /// <summary>The default volume type, as a fresh Cinder has it.</summary>
    public static void Bootstrap(IServiceProvider services, BootstrapContext context)
    {
        EnsureDefaultType(services.GetRequiredService<VolumeStore>());
    }

    /// <summary>Also run when the store opens, so that clouds bootstrapped before Block Storage existed get the type too.</summary>
    public static void EnsureDefaultType(VolumeStore store)
    {
        lock (store.Types.Sync)
        {
            if (!store.Types.Values.Any(t => t.Name == VolumeStore.DefaultTypeName))
            {
                var id = Guid.NewGuid().ToString();
                store.Types.Put(id, new VolumeTypeRecord(id, VolumeStore.DefaultTypeName, "Default Volume Type", true, new Dictionary<string, string>(StringComparer.Ordinal)));
            }
        }
    }
}
