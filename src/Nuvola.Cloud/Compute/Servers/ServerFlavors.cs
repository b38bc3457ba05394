using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>The flavors a server can be built with, by id (or by name, as Nova also accepts), as snapshots.</summary>
public sealed class ServerFlavors(CloudOptions options)
{
    private readonly Lazy<IReadOnlyList<ProfileFlavor>> _profile = new(() => CloudProfile.Load(options.Profile)?.Flavors ?? []);

    public FlavorSnapshot? Find(string id)
    {
        var flavor = _profile.Value.FirstOrDefault(f => f.Id == id);
        return flavor is null ? null : new FlavorSnapshot(flavor.Id, flavor.Name, flavor.Ram, flavor.Vcpus, flavor.Disk, flavor.Ephemeral, flavor.Swap, new Dictionary<string, string>());
    }
}
