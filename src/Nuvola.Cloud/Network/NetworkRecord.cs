namespace Nuvola.Cloud.Network;

/// <summary>A network. External is router:external; Shared lets every project put ports on it.</summary>
public sealed record NetworkRecord(
    string Id,
    string Name,
    string ProjectId,
    bool AdminStateUp,
    bool Shared,
    bool External,
    int Mtu,
    bool PortSecurityEnabled,
    StandardAttributes Standard) : INeutronObject
{
    /// <summary>Whether a caller of <paramref name="projectId"/> sees it: owner, admin, shared or external.</summary>
    public bool IsVisibleTo(string? projectId, bool isAdmin) => isAdmin || Shared || External || ProjectId == projectId;
}
