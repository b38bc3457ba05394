using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Network;

/// <summary>
/// First start: the profile's networks, each with one subnet (gateway the first address, the pool the rest).
/// External networks are router:external and owned by the admin project; project networks by their project.
/// </summary>
public static class NetworkBootstrap
{
    public static void Run(NetworkStore store, NetworkOperations operations, BootstrapContext context)
    {
        foreach (var profile in context.Profile.Networks)
        {
            if (store.Networks.Values.Any(n => n.Name == profile.Name))
            {
                continue;
            }

            var projectId = profile.Project is { } name && context.ProjectIds.TryGetValue(name, out var id) ? id : context.AdminProjectId;
            var network = operations.CreateNetwork(profile.Name, projectId, shared: profile.Shared, external: profile.External);
            operations.CreateSubnet(new SubnetDraft(
                network.Id, projectId, profile.Cidr, Name: profile.SubnetName ?? profile.Name + "-subnet",
                GatewayGiven: profile.GatewayIp is not null, GatewayIp: profile.GatewayIp,
                EnableDhcp: !profile.External));
        }
    }
}
