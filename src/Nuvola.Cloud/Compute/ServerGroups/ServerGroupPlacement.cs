using Nuvola.Cloud.Compute.Servers;

namespace Nuvola.Cloud.Compute.ServerGroups;

/// <summary>
/// Nova's ServerGroupAffinityFilter and ServerGroupAntiAffinityFilter, applied to this cloud's compute hosts (the
/// hypervisor's one host): whether <c>count</c> new members of a group may go to <c>host</c>. The soft policies are
/// weighers in Nova and never refuse a host. When a request does not fit, Nova's conductor puts all its servers in
/// ERROR with the fault <see cref="NoValidHost"/>.
/// </summary>
public static class ServerGroupPlacement
{
    public const string NoValidHost = "No valid host was found. There are not enough hosts available.";

    public static bool Fits(ServerGroupRecord group, string host, int count, Func<string, ServerRecord?> findServer)
    {
        var hosts = group.Members.Select(findServer).OfType<ServerRecord>().Where(s => s.Host.Length > 0).Select(s => s.Host).ToList();
        return group.Policy switch
        {
            ServerGroupPolicies.AntiAffinity => hosts.Count(h => h == host) + count <= (group.MaxServerPerHost ?? 1),
            ServerGroupPolicies.Affinity => hosts.All(h => h == host),
            _ => true,
        };
    }
}
