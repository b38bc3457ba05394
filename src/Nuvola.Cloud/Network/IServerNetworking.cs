using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network;

/// <summary>
/// What Compute asks of Network for its servers (as Nova asks Neutron): ports on networks, bound to a server,
/// released when the server goes. Implemented by the Network service; Compute never touches Network's records.
/// </summary>
public interface IServerNetworking
{
    /// <summary>
    /// A port for a server: a new one on <paramref name="request"/>.NetworkId (with an address from its subnet, or the fixed IP asked),
    /// or the existing port <paramref name="request"/>.PortId bound to the server. Refusals are ApiExceptions with
    /// Nova's wording: as server create answers them (400 network/port not found or fixed IP in use, 409 port in use or
    /// no more addresses), or, when <paramref name="request"/>.Hotplug, as os-interface answers them (404 port/network not
    /// found, 409 port or fixed IP in use, 400 no more addresses / no network).
    /// </summary>
    ServerPort Attach(AuthContext caller, string serverId, ServerPortRequest request);

    /// <summary>The networks a server gets when none are asked: the caller's project network, else a shared one; null when none.</summary>
    string? DefaultNetworkFor(AuthContext caller);

    /// <summary>The ports bound to a server, in the order they were attached.</summary>
    IReadOnlyList<ServerPort> PortsOf(string serverId);

    /// <summary>Unbinds a server's ports (or only <paramref name="portId"/>): deletes those Compute created, unbinds those the user gave.</summary>
    void Detach(string serverId, string? portId = null);

    /// <summary>One port by id as the caller may see it, whatever it is bound to; null when missing or invisible.</summary>
    ServerPort? FindPort(AuthContext caller, string portId);
}

/// <summary>Either NetworkId (optionally with FixedIp) or PortId; Hotplug: an interface attached to a running server (os-interface).</summary>
public sealed record ServerPortRequest(string? NetworkId = null, string? PortId = null, string? FixedIp = null, bool Hotplug = false);

/// <summary>
/// A server's port; FloatingIps are the floating addresses associated with it (Nova lists them as type "floating");
/// Status is the port's status (os-interface's port_state); DeviceId the server it is bound to ("" when none).
/// </summary>
public sealed record ServerPort(
    string PortId,
    string NetworkId,
    string NetworkName,
    string MacAddress,
    IReadOnlyList<ServerAddress> Addresses,
    IReadOnlyList<string>? FloatingIps = null,
    string Status = "ACTIVE",
    string DeviceId = "");

public sealed record ServerAddress(string IpAddress, int Version, string SubnetId);
