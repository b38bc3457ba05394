using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Compute.Flavors;

/// <summary>First start: the profile's flavors (ids "1".."5" in the default profile), public, no extra specs.</summary>
public static class FlavorBootstrap
{
    public static void Run(FlavorStore flavors, BootstrapContext context)
    {
        foreach (var flavor in context.Profile.Flavors)
        {
            if (flavors.Find(flavor.Id) is null)
            {
                flavors.Put(new FlavorRecord(
                    flavor.Id, flavor.Name, flavor.Ram, flavor.Vcpus, flavor.Disk, flavor.Ephemeral, flavor.Swap,
                    1.0, flavor.IsPublic, null, new Dictionary<string, string>(), [], context.Time.GetUtcNow()));
            }
        }
    }
}
