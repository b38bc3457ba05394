using Nuvola.Cloud.Compute.Servers;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Compute.ServerGroups;

/// <summary>
/// The server groups and their members. A group is visible to its project (and admin); members join at server
/// create (scheduler hint "group") and leave when their server is deleted (<see cref="ServerDeleted"/>).
/// </summary>
public sealed class ServerGroupStore(StateStore store) : IServerCleanup
{
    private readonly Collection<ServerGroupRecord> _groups = store.Collection<ServerGroupRecord>("compute.server_group");

    public Lock Sync => _groups.Sync;

    public IEnumerable<ServerGroupRecord> All =>
        _groups.Values.OrderBy(g => g.CreatedAt).ThenBy(g => g.Id, StringComparer.Ordinal);

    public ServerGroupRecord? Find(string id) => _groups.Find(id);

    /// <summary>The group if the caller's project owns it (or the caller is admin).</summary>
    public ServerGroupRecord? FindFor(AuthContext caller, string id) =>
        _groups.Find(id) is { } group && (caller.IsAdmin || group.ProjectId == caller.ProjectId) ? group : null;

    public int CountOf(string projectId) => _groups.Values.Count(g => g.ProjectId == projectId);

    /// <summary>The groups a server belongs to (Nova: at most one).</summary>
    public IReadOnlyList<string> GroupsOf(string serverId) =>
        [.. _groups.Values.Where(g => g.Members.Contains(serverId)).OrderBy(g => g.CreatedAt).Select(g => g.Id)];

    public void Put(ServerGroupRecord group) => _groups.Put(group.Id, group);

    public bool Remove(string id) => _groups.Remove(id);

    /// <summary>Adds members to a group (call under <see cref="Sync"/> with the placement decision).</summary>
    public void AddMembers(string groupId, IEnumerable<string> serverIds)
    {
        lock (_groups.Sync)
        {
            if (_groups.Find(groupId) is { } group)
            {
                _groups.Put(groupId, group with { Members = [.. group.Members, .. serverIds.Where(id => !group.Members.Contains(id))] });
            }
        }
    }

    public void ServerDeleted(string serverId)
    {
        lock (_groups.Sync)
        {
            foreach (var group in _groups.Values.Where(g => g.Members.Contains(serverId)).ToList())
            {
                _groups.Put(group.Id, group with { Members = [.. group.Members.Where(m => m != serverId)] });
            }
        }
    }

    public static ApiException NotFound(string id) => ApiException.NotFound($"Instance group {id} could not be found.");
}
