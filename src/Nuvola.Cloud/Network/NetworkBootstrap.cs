using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Network;

/// <summary>
/// First start: the profile's networks, each with one subnet (gateway the first address, the pool the rest).
/// External networks are router:external and owned by the admin project; project networks by their project.
/// Then the profile's routers: a gateway on their external network and an interface on each of their subnets.
/// </summary>
public static class NetworkBootstrap
{
    public static void Run(NetworkStore store, NetworkOperations operations, RouterOperations routers, BootstrapContext context)
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

        foreach (var profile in context.Profile.Routers)
        {
            if (store.Routers.Values.Any(r => r.Name == profile.Name))
            {
                continue;
            }

            var external = store.Networks.Values.Single(n => n.Name == profile.ExternalNetwork);
            var router = routers.Create(profile.Name, context.ProjectIds[profile.Project], true, "", new GatewayRequest(external.Id));
            foreach (var subnetName in profile.Subnets)
            {
                routers.AddInterface(router.Id, store.Subnets.Values.Single(s => s.Name == subnetName).Id, null);
            }
        }
    }
}
