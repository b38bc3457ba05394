namespace Nuvola.Cloud.Network;

/// <summary>A subnet of a network: one CIDR (from a subnet pool when SubnetPoolId is set), its gateway (null: none) and the pools addresses are allocated from.</summary>
public sealed record SubnetRecord(
    string Id,
    string Name,
    string NetworkId,
    string ProjectId,
    int IpVersion,
    string Cidr,
    string? GatewayIp,
    IReadOnlyList<AllocationPool> AllocationPools,
    bool EnableDhcp,
    IReadOnlyList<string> DnsNameservers,
    IReadOnlyList<HostRoute> HostRoutes,
    string? Ipv6RaMode,
    string? Ipv6AddressMode,
    StandardAttributes Standard,
    string? SubnetPoolId = null) : INeutronObject
{
    /// <summary>SLAAC-style subnets: addresses come from the MAC (EUI-64), not from the pools.</summary>
    public bool IsAutoAddressed => Ipv6AddressMode is "slaac" or "dhcpv6-stateless";
}

public sealed record AllocationPool(string Start, string End);

public sealed record HostRoute(string Destination, string Nexthop);
