namespace Nuvola.Cloud.Network;

/// <summary>
/// A floating IP: an address of an external network (held by a port owned by network:floatingip) and, while
/// associated, the port and fixed address it forwards to and the router that connects them.
/// </summary>
public sealed record FloatingIpRecord(
    string Id,
    string ProjectId,
    string FloatingNetworkId,
    string FloatingIpAddress,
    string FloatingPortId,
    string? PortId,
    string? FixedIpAddress,
    string? RouterId,
    StandardAttributes Standard) : INeutronObject
{
    public const string PortOwner = "network:floatingip";

    public string Status => PortId is null ? "DOWN" : "ACTIVE";
}

/// <summary>A floating IP's association: the port, its fixed address, and the router in between.</summary>
public sealed record FloatingIpTarget(string PortId, string FixedIpAddress, string RouterId);
