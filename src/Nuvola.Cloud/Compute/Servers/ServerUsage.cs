using Nuvola.Cloud.Compute.Limits;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>What a project's servers use, for quotas and /limits (the flavor each server holds now).</summary>
public sealed class ServerUsage(ServerStore store) : IComputeUsage
{
    public ComputeUsage UsageOf(string projectId)
    {
        var servers = store.Servers.Values.Where(s => s.ProjectId == projectId).ToList();
        return new ComputeUsage(servers.Count, servers.Sum(s => s.Flavor.Vcpus), servers.Sum(s => s.Flavor.Ram), 0);
    }
}
