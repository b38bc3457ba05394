using Nuvola.Cloud.Compute.Flavors;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>The flavors a caller may build a server with, copied into a snapshot (a flavor may change or go later).</summary>
public sealed class ServerFlavors(FlavorStore flavors)
{
    public FlavorSnapshot? Find(string id, AuthContext caller)
    {
        var flavor = flavors.FindVisible(id, caller);
        return flavor is null || flavor.Disabled
            ? null
            : new FlavorSnapshot(flavor.Id, flavor.Name, flavor.Ram, flavor.Vcpus, flavor.Disk, flavor.Ephemeral, flavor.Swap, flavor.ExtraSpecs);
    }
}
