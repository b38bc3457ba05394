using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>
/// The servers and their instance actions, with the look-ups every compute handler needs: a server as the caller
/// may see it (another project's server is "not found"), and atomic read-modify-write.
/// Other compute resources (e.g. os-security-groups by server) use <see cref="FindFor"/>.
/// </summary>
public sealed class ServerStore(StateStore store)
{
    public Collection<ServerRecord> Servers { get; } = store.Collection<ServerRecord>("compute.server");

    public Collection<InstanceActionRecord> Actions { get; } = store.Collection<InstanceActionRecord>("compute.instance_action");

    /// <summary>The server if the caller may see it (its project's, or any for admin); 404 in Nova's words otherwise.</summary>
    public ServerRecord FindFor(AuthContext caller, string id) =>
        TryFindFor(caller, id) ?? throw NotFound(id);

    public ServerRecord? TryFindFor(AuthContext caller, string id)
    {
        var server = Servers.Find(id);
        return server is not null && (caller.IsAdmin || server.ProjectId == caller.ProjectId) ? server : null;
    }

    /// <summary>Applies <paramref name="change"/> to the current record atomically; null when the server is gone.</summary>
    public ServerRecord? Update(string id, Func<ServerRecord, ServerRecord> change)
    {
        lock (Servers.Sync)
        {
            var current = Servers.Find(id);
            if (current is null)
            {
                return null;
            }

            var next = change(current);
            if (!ReferenceEquals(next, current))
            {
                Servers.Put(id, next);
            }

            return next;
        }
    }

    public static ApiException NotFound(string id) => ApiException.NotFound($"Instance {id} could not be found.");
}
