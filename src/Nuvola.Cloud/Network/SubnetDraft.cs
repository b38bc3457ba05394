namespace Nuvola.Cloud.Network;

/// <summary>
/// A subnet to create. GatewayGiven false: the default gateway; true with GatewayIp null: no gateway. Null pools: the
/// default ones. With SubnetPoolId the CIDR (null: a free block of PrefixLength or the pool's default) comes from that pool.
/// </summary>
public sealed record SubnetDraft(
    string NetworkId,
    string ProjectId,
    string? Cidr,
    int? IpVersion = null,
    string Name = "",
    string Description = "",
    bool GatewayGiven = false,
    string? GatewayIp = null,
    IReadOnlyList<AllocationPool>? AllocationPools = null,
    bool EnableDhcp = true,
    IReadOnlyList<string>? DnsNameservers = null,
    IReadOnlyList<HostRoute>? HostRoutes = null,
    string? Ipv6RaMode = null,
    string? Ipv6AddressMode = null,
    string? SubnetPoolId = null,
    int? PrefixLength = null);
