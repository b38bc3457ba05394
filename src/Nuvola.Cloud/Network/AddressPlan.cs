namespace Nuvola.Cloud.Network;

/// <summary>How a subnet's addresses are laid out: default gateway and pools, pool checks, and the pick of a free address.</summary>
public static class AddressPlan
{
    /// <summary>The first usable address of the CIDR (Neutron's default gateway).</summary>
    public static UInt128 DefaultGateway(Cidr cidr) => cidr.Network + 1;

    /// <summary>Every usable address except the gateway: IPv4 leaves out network and broadcast, IPv6 the subnet-router anycast.</summary>
    public static IReadOnlyList<AllocationPool> DefaultPools(Cidr cidr, UInt128? gateway)
    {
        var first = cidr.Network + 1;
        var last = cidr.Version == 4 && cidr.Prefix < 31 ? cidr.Last - 1 : cidr.Last;
        if (cidr.Version == 4 && cidr.Prefix >= 31)
        {
            first = cidr.Network;
        }

        var pools = new List<AllocationPool>();
        if (gateway is { } g && g >= first && g <= last)
        {
            if (g > first)
            {
                pools.Add(new(IpMath.Format(first, cidr.Version), IpMath.Format(g - 1, cidr.Version)));
            }

            if (g < last)
            {
                pools.Add(new(IpMath.Format(g + 1, cidr.Version), IpMath.Format(last, cidr.Version)));
            }
        }
        else if (first <= last)
        {
            pools.Add(new(IpMath.Format(first, cidr.Version), IpMath.Format(last, cidr.Version)));
        }

        return pools;
    }

    /// <summary>The lowest address of the pools not <paramref name="used"/> and not the gateway; null when full.</summary>
    public static string? FirstFree(SubnetRecord subnet, Func<UInt128, bool> used)
    {
        IpMath.TryParseAddress(subnet.GatewayIp, out var gateway, out _);
        foreach (var pool in subnet.AllocationPools)
        {
            if (!IpMath.TryParseAddress(pool.Start, out var start, out var version) || !IpMath.TryParseAddress(pool.End, out var end, out _))
            {
                continue;
            }

            for (var candidate = start; candidate <= end && candidate >= start; candidate++)
            {
                if ((subnet.GatewayIp is null || candidate != gateway) && !used(candidate))
                {
                    return IpMath.Format(candidate, version);
                }
            }
        }

        return null;
    }

    /// <summary>The EUI-64 address of a MAC in an IPv6 /64 (SLAAC).</summary>
    public static string Eui64(Cidr cidr, string mac)
    {
        var bytes = mac.Split(':').Select(b => Convert.ToByte(b, 16)).ToArray();
        UInt128 id = (UInt128)(byte)(bytes[0] ^ 0x02) << 56 | (UInt128)bytes[1] << 48 | (UInt128)bytes[2] << 40
            | (UInt128)0xff << 32 | (UInt128)0xfe << 24 | (UInt128)bytes[3] << 16 | (UInt128)bytes[4] << 8 | bytes[5];
        return IpMath.Format(cidr.Network | id, 6);
    }

    /// <summary>The canonical text of an address ("010.0.0.1" and "10.0.0.1" are one), or null when it is not one.</summary>
    public static string? Canonical(string? text) =>
        IpMath.TryParseAddress(text, out var value, out var version) ? IpMath.Format(value, version) : null;
}
