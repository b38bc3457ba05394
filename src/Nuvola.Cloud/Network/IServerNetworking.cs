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
    /// Nova's wording (400 network not found / port in use, 409 no more addresses).
    /// </summary>
    ServerPort Attach(AuthContext caller, string serverId, ServerPortRequest request);

    /// <summary>The networks a server gets when none are asked: the caller's project network, else a shared one; null when none.</summary>
    string? DefaultNetworkFor(AuthContext caller);

    /// <summary>The ports bound to a server, in the order they were attached.</summary>
    IReadOnlyList<ServerPort> PortsOf(string serverId);

    /// <summary>Unbinds a server's ports: deletes those Compute created, unbinds those the user gave.</summary>
    void Detach(string serverId, string? portId = null);
}

/// <summary>Either NetworkId (optionally with FixedIp) or PortId.</summary>
public sealed record ServerPortRequest(string? NetworkId = null, string? PortId = null, string? FixedIp = null);

/// <summary>A server's port; FloatingIps are the floating addresses associated with it (Nova lists them as type "floating").</summary>
public sealed record ServerPort(
    string PortId, string NetworkId, string NetworkName, string MacAddress, IReadOnlyList<ServerAddress> Addresses, IReadOnlyList<string>? FloatingIps = null);

public sealed record ServerAddress(string IpAddress, int Version, string SubnetId);
