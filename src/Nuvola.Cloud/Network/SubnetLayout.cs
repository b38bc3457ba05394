using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Network;

/// <summary>
/// Checks and completes a subnet's addressing as Neutron does: CIDR and version, gateway (absent: the first
/// address; explicit null: none), allocation pools (absent: the rest of the CIDR), DNS servers, host routes, IPv6 modes.
/// </summary>
public static class SubnetLayout
{
    public static readonly IReadOnlyList<string> Ipv6Modes = ["slaac", "dhcpv6-stateful", "dhcpv6-stateless"];

    public static Cidr ParseCidr(string? text, int? ipVersion)
    {
        if (!IpMath.TryParseCidr(text, out var cidr, strict: false))
        {
            throw NeutronErrors.InvalidAttribute("cidr", $"'{text}' is not a valid IP subnet");
        }

        if (ipVersion is { } version && version != cidr.Version)
        {
            throw NeutronErrors.InvalidInput($"Cidr {text} does not match ip_version {version}");
        }

        if (cidr.Version == 4 && cidr.Prefix > 30 || cidr.Version == 6 && cidr.Prefix > 126)
        {
            throw NeutronErrors.InvalidAttribute("cidr", $"'{text}' is too small a subnet");
        }

        return cidr;
    }

    /// <summary>The gateway: <paramref name="given"/> false → the first address; given with null → none; else checked.</summary>
    public static string? Gateway(Cidr cidr, bool given, string? gatewayIp)
    {
        if (!given)
        {
            return IpMath.Format(AddressPlan.DefaultGateway(cidr), cidr.Version);
        }

        if (gatewayIp is null)
        {
            return null;
        }

        if (!IpMath.TryParseAddress(gatewayIp, out var value, out var version) || version != cidr.Version)
        {
            throw NeutronErrors.InvalidAttribute("gateway_ip", $"'{gatewayIp}' is not a valid IP address");
        }

        if (!cidr.Contains(value) || (cidr.Version == 4 && (value == cidr.Network || value == cidr.Last)) || (cidr.Version == 6 && value == cidr.Network))
        {
            throw NeutronErrors.InvalidInput($"Gateway is not valid on subnet");
        }

        return IpMath.Format(value, version);
    }

    /// <summary>Pools checked against the CIDR, each other and the gateway; null asks for the default pools.</summary>
    public static IReadOnlyList<AllocationPool> Pools(Cidr cidr, string? gateway, IReadOnlyList<AllocationPool>? requested)
    {
        IpMath.TryParseAddress(gateway, out var gatewayValue, out _);
        if (requested is null)
        {
            return AddressPlan.DefaultPools(cidr, gateway is null ? null : gatewayValue);
        }

        var ranges = new List<(UInt128 Start, UInt128 End, string Text)>();
        foreach (var pool in requested)
        {
            var text = $"{pool.Start}-{pool.End}";
            if (!IpMath.TryParseAddress(pool.Start, out var start, out var v1) || !IpMath.TryParseAddress(pool.End, out var end, out var v2)
                || v1 != cidr.Version || v2 != cidr.Version || start > end)
            {
                throw ApiException.BadRequest($"The allocation pool {text} is not valid.", "InvalidAllocationPool");
            }

            if (!cidr.Contains(start) || !cidr.Contains(end))
            {
                throw ApiException.BadRequest($"The allocation pool {text} spans beyond the subnet cidr {cidr}.", "OutOfBoundsAllocationPool");
            }

            if (gateway is not null && gatewayValue >= start && gatewayValue <= end)
            {
                throw ApiException.Conflict($"Gateway ip {gateway} conflicts with allocation pool {text}", "GatewayConflictWithAllocationPools");
            }

            if (ranges.FirstOrDefault(r => r.Start <= end && start <= r.End) is { Text: not null } other)
            {
                throw ApiException.Conflict($"Found overlapping allocation pools: {other.Text} and {text} for subnet {cidr}.", "OverlappingAllocationPools");
            }

            ranges.Add((start, end, text));
        }

        return ranges.OrderBy(r => r.Start)
            .Select(r => new AllocationPool(IpMath.Format(r.Start, cidr.Version), IpMath.Format(r.End, cidr.Version)))
            .ToList();
    }

    public static IReadOnlyList<string> DnsNameservers(IReadOnlyList<string> servers)
    {
        var result = new List<string>();
        foreach (var server in servers)
        {
            if (AddressPlan.Canonical(server) is null)
            {
                throw NeutronErrors.InvalidAttribute("dns_nameservers", $"'{server}' is not a valid nameserver. '{server}' is not a valid IP address");
            }

            if (result.Contains(server))
            {
                throw NeutronErrors.InvalidAttribute("dns_nameservers", $"Duplicate nameserver '{server}'");
            }

            result.Add(server);
        }

        return result;
    }

    public static IReadOnlyList<HostRoute> HostRoutes(IReadOnlyList<HostRoute> routes, int version)
    {
        foreach (var route in routes)
        {
            if (!IpMath.TryParseCidr(route.Destination, out var destination, strict: false) || destination.Version != version
                || !IpMath.TryParseAddress(route.Nexthop, out _, out var hopVersion) || hopVersion != version)
            {
                throw NeutronErrors.InvalidAttribute("host_routes", $"Invalid data format for hostroute: '{route.Destination} via {route.Nexthop}'");
            }
        }

        if (routes.Distinct().Count() != routes.Count)
        {
            throw NeutronErrors.InvalidAttribute("host_routes", "Duplicate hostroute");
        }

        return routes;
    }

    /// <summary>Checks the IPv6 RA and address modes (only on IPv6; equal when both are set; SLAAC needs a /64).</summary>
    public static void CheckIpv6Modes(Cidr cidr, string? raMode, string? addressMode)
    {
        foreach (var (name, value) in new[] { ("ipv6_ra_mode", raMode), ("ipv6_address_mode", addressMode) })
        {
            if (value is not null && !Ipv6Modes.Contains(value))
            {
                throw NeutronErrors.InvalidAttribute(name, $"'{value}' is not in ['dhcpv6-stateful', 'dhcpv6-stateless', 'slaac', None]");
            }
        }

        if (cidr.Version == 4 && (raMode is not null || addressMode is not null))
        {
            throw NeutronErrors.InvalidInput("ipv6_ra_mode or ipv6_address_mode cannot be set when ip_version is 4");
        }

        if (raMode is not null && addressMode is not null && raMode != addressMode)
        {
            throw NeutronErrors.InvalidInput(
                $"ipv6_ra_mode set to '{raMode}' with ipv6_address_mode set to '{addressMode}' is not valid. If both attributes are set, they must be the same value");
        }

        if (addressMode is "slaac" or "dhcpv6-stateless" && cidr.Prefix != 64)
        {
            throw NeutronErrors.InvalidInput(
                $"Invalid CIDR {cidr} for IPv6 address mode. OpenStack uses the EUI-64 address format, which requires the prefix to be /64");
        }
    }
}
