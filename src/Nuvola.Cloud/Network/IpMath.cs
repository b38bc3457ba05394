using System.Net;
using System.Net.Sockets;

namespace Nuvola.Cloud.Network;

/// <summary>Address arithmetic for IPv4 and IPv6: addresses as 128-bit numbers, CIDRs as (network, prefix).</summary>
public static class IpMath
{
    public static bool TryParseAddress(string? text, out UInt128 value, out int version)
    {
        value = 0;
        version = 0;
        if (string.IsNullOrWhiteSpace(text) || text.Contains('/', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3)
        {
            return false;
        }

        version = address.AddressFamily == AddressFamily.InterNetworkV6 ? 6 : 4;
        value = ToNumber(address);
        return true;
    }

    public static UInt128 ToNumber(IPAddress address)
    {
        UInt128 value = 0;
        foreach (var b in address.GetAddressBytes())
        {
            value = (value << 8) | b;
        }

        return value;
    }

    public static string Format(UInt128 value, int version)
    {
        var length = version == 4 ? 4 : 16;
        var bytes = new byte[length];
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xff);
            value >>= 8;
        }

        return new IPAddress(bytes).ToString();
    }

    /// <summary>Parses "a.b.c.d/n" (or v6); strict: host bits must be zero.</summary>
    public static bool TryParseCidr(string? text, out Cidr cidr, bool strict = true)
    {
        cidr = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash < 0 || !TryParseAddress(text[..slash], out var address, out var version)
            || !int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }

        var bits = version == 4 ? 32 : 128;
        if (prefix > bits)
        {
            return false;
        }

        var candidate = new Cidr(address, prefix, version);
        if (strict && candidate.Network != address)
        {
            return false;
        }

        cidr = strict ? candidate : candidate with { Address = candidate.Network };
        return true;
    }
}

/// <summary>A CIDR: Address is the network address when parsed strictly.</summary>
public readonly record struct Cidr(UInt128 Address, int Prefix, int Version)
{
    public int Bits => Version == 4 ? 32 : 128;

    public UInt128 HostMask => Prefix >= Bits ? UInt128.Zero : (UInt128.One << (Bits - Prefix)) - 1;

    public UInt128 Network => Address & ~HostMask & (Version == 4 ? (UInt128)uint.MaxValue : UInt128.MaxValue);

    public UInt128 Last => Network | HostMask;

    public bool Contains(UInt128 address) => address >= Network && address <= Last;

    public bool Overlaps(Cidr other) => Version == other.Version && Network <= other.Last && other.Network <= Last;

    public override string ToString() => IpMath.Format(Network, Version) + "/" + Prefix.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
