using Nuvola.Cloud.Compute.Limits;
using Nuvola.Cloud.Compute.ServerGroups;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>What a project's servers use, for quotas and /limits (the flavor each server holds now), and its server groups.</summary>
public sealed class ServerUsage(ServerStore store, ServerGroupStore groups) : IComputeUsage
{
    public ComputeUsage UsageOf(string projectId)
    {
        var servers = store.Servers.Values.Where(s => s.ProjectId == projectId).ToList();
        return new ComputeUsage(servers.Count, servers.Sum(s => s.Flavor.Vcpus), servers.Sum(s => s.Flavor.Ram), groups.CountOf(projectId));
    }
}
