using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Hosting;

/// <summary>First start: creates the profile's objects in every service, once. Later starts find them in the store.</summary>
public static class Bootstrapper
{
    private const string MetaKind = "cloud.meta";
    private const string MetaId = "cloud";

    /// <summary>The cloud's record, bootstrapping first when the store is new. Credentials are returned only on that first start.</summary>
    public static (CloudMeta Meta, IReadOnlyList<UserCredential>? Credentials) EnsureBootstrapped(IServiceProvider services, CloudOptions options)
    {
        var store = services.GetRequiredService<StateStore>();
        var metas = store.Collection<CloudMeta>(MetaKind);
        if (metas.Find(MetaId) is { } existing)
        {
            return (existing, null);
        }

        var profile = CloudProfile.Load(options.Profile)
            ?? throw new ArgumentException($"unknown profile '{options.Profile}'; known profiles: {string.Join(", ", CloudProfile.Available())}");
        var time = services.GetRequiredService<TimeProvider>();
        var identity = IdentityModule.Bootstrap(
            services.GetRequiredService<IdentityStore>(), services.GetRequiredService<PasswordHasher>(), profile, options, time);
        var context = new BootstrapContext(profile, options, store, time, identity.ProjectIds, identity.AdminProjectId, identity.AdminUserId);
        Image.ImageModule.Bootstrap(services, context);
        Compute.ComputeModule.Bootstrap(services, context);
        Network.NetworkModule.Bootstrap(services, context);
        BlockStorage.BlockStorageModule.Bootstrap(services, context);
        var meta = new CloudMeta(profile.Name, profile.Region ?? "RegionOne", time.GetUtcNow());
        metas.Put(MetaId, meta);
        return (meta, identity.Credentials);
    }

    /// <summary>The stored record without bootstrapping; null on a new store.</summary>
    public static CloudMeta? Peek(StateStore store) => store.Collection<CloudMeta>(MetaKind).Find(MetaId);
}
