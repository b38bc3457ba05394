namespace Nuvola.Cloud.Network;

/// <summary>
/// What a new port should be. FixedIps null: an address from the network's subnets; SecurityGroups null: the
/// project's default group (when port security is on); PortSecurityEnabled null: the network's setting. MayTakeGateway:
/// the port may hold its subnet's gateway_ip (a router interface).
/// </summary>
public sealed record PortDraft(
    string NetworkId,
    string ProjectId,
    string Name = "",
    string Description = "",
    IReadOnlyList<FixedIpRequest>? FixedIps = null,
    string? MacAddress = null,
    string DeviceId = "",
    string DeviceOwner = "",
    bool AdminStateUp = true,
    IReadOnlyList<string>? SecurityGroups = null,
    bool? PortSecurityEnabled = null,
    IReadOnlyList<AddressPair>? AllowedAddressPairs = null,
    PortBinding? Binding = null,
    bool CreatedForServer = false,
    long ServerOrder = 0,
    bool MayTakeGateway = false);

/// <summary>One asked fixed IP: a subnet, an address, or both.</summary>
public sealed record FixedIpRequest(string? SubnetId, string? IpAddress);
