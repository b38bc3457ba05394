using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Compute.Flavors;

/// <summary>
/// The flavors of the cloud. Compute's servers look flavors up here (<see cref="FindVisible"/>) and copy what they
/// need into the server, as Nova does, so that deleting a flavor never breaks a server.
/// </summary>
public sealed class FlavorStore(StateStore store)
{
    public const string Kind = "compute.flavors";

    private readonly Collection<FlavorRecord> _flavors = store.Collection<FlavorRecord>(Kind);

    /// <summary>For compound changes (check-then-put across flavors).</summary>
    public Lock Sync => _flavors.Sync;

    public IEnumerable<FlavorRecord> All => _flavors.Values;

    /// <summary>Any flavor by id, whoever asks.</summary>
    public FlavorRecord? Find(string? id) => _flavors.Find(id);

    /// <summary>A flavor the caller may see (public, admin, or a private flavor shared with the caller's project); null otherwise.</summary>
    public FlavorRecord? FindVisible(string? id, AuthContext caller) =>
        Find(id) is { } flavor && flavor.IsVisibleTo(caller.ProjectId, caller.IsAdmin) ? flavor : null;

    public void Put(FlavorRecord flavor) => _flavors.Put(flavor.Id, flavor);

    public bool Remove(string id) => _flavors.Remove(id);
}
