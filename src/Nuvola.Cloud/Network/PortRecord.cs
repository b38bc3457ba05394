namespace Nuvola.Cloud.Network;

/// <summary>
/// A port on a network. DeviceId/DeviceOwner tell who uses it (a server: compute:nova). CreatedForServer marks the
/// ports Compute made for a server (deleted when the server goes, as Nova does); ServerOrder keeps their attach order.
/// </summary>
public sealed record PortRecord(
    string Id,
    string Name,
    string NetworkId,
    string ProjectId,
    string MacAddress,
    IReadOnlyList<FixedIp> FixedIps,
    string DeviceId,
    string DeviceOwner,
    bool AdminStateUp,
    string Status,
    IReadOnlyList<string> SecurityGroups,
    bool PortSecurityEnabled,
    IReadOnlyList<AddressPair> AllowedAddressPairs,
    PortBinding Binding,
    StandardAttributes Standard,
    bool CreatedForServer = false,
    long ServerOrder = 0) : INeutronObject;

public sealed record FixedIp(string SubnetId, string IpAddress);

public sealed record AddressPair(string IpAddress, string MacAddress);

/// <summary>The binding:* attributes (admin only on the wire). VifType is "unbound" until HostId is set.</summary>
public sealed record PortBinding(string HostId, string VnicType, string VifType, IReadOnlyDictionary<string, string> Profile)
{
    public static PortBinding Unbound { get; } = new(string.Empty, "normal", "unbound", new Dictionary<string, string>());
}
