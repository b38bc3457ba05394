namespace Nuvola.Cloud.Network;

/// <summary>Sets of CIDRs as subnet pools use them: merging (netaddr's cidr_merge), subtracting, finding a free block.</summary>
public static class PrefixSet
{
    public static IReadOnlyList<Cidr> Parse(IEnumerable<string> prefixes) =>
        prefixes.Select(p => IpMath.TryParseCidr(p, out var cidr, strict: false) ? cidr : default).Where(c => c.Version != 0).ToList();

    /// <summary>The smallest list of CIDRs covering the same addresses, in address order.</summary>
    public static IReadOnlyList<Cidr> Merge(IEnumerable<Cidr> cidrs)
    {
        var list = cidrs.OrderBy(c => c.Network).ThenBy(c => c.Prefix).ToList();
        var merged = true;
        while (merged)
        {
            merged = false;
            var next = new List<Cidr>();
            foreach (var cidr in list)
            {
                if (next.Count > 0 && next[^1].Network <= cidr.Network && cidr.Last <= next[^1].Last)
                {
                    merged = true;
                    continue;
                }

                if (next.Count > 0 && next[^1].Prefix == cidr.Prefix && cidr.Prefix > 0 && next[^1].Last + 1 == cidr.Network
                    && (next[^1].Network & (UInt128.One << (cidr.Bits - cidr.Prefix))) == 0)
                {
                    next[^1] = next[^1] with { Prefix = cidr.Prefix - 1 };
                    merged = true;
                    continue;
                }

                next.Add(cidr);
            }

            list = next.OrderBy(c => c.Network).ThenBy(c => c.Prefix).ToList();
        }

        return list;
    }

    /// <summary>The addresses of <paramref name="from"/> without those of <paramref name="remove"/>, as CIDRs.</summary>
    public static IReadOnlyList<Cidr> Subtract(IEnumerable<Cidr> from, IReadOnlyList<Cidr> remove)
    {
        var result = from.ToList();
        foreach (var hole in remove)
        {
            result = result.SelectMany(c => Without(c, hole)).ToList();
        }

        return Merge(result);
    }

    private static IEnumerable<Cidr> Without(Cidr cidr, Cidr hole)
    {
        if (!cidr.Overlaps(hole))
        {
            return [cidr];
        }

        if (hole.Network <= cidr.Network && cidr.Last <= hole.Last)
        {
            return [];
        }

        // The hole lies inside: keep the half without it, split the half with it.
        var low = new Cidr(cidr.Network, cidr.Prefix + 1, cidr.Version);
        var high = new Cidr(cidr.Network | (UInt128.One << (cidr.Bits - cidr.Prefix - 1)), cidr.Prefix + 1, cidr.Version);
        return low.Overlaps(hole) ? [.. Without(low, hole), high] : [low, .. Without(high, hole)];
    }

    /// <summary>Whether <paramref name="inner"/> lies wholly inside one of <paramref name="outer"/>.</summary>
    public static bool Covers(IEnumerable<Cidr> outer, Cidr inner) =>
        outer.Any(o => o.Version == inner.Version && o.Network <= inner.Network && inner.Last <= o.Last);

    /// <summary>The lowest block of size /<paramref name="prefix"/> inside the prefixes overlapping none of <paramref name="used"/>.</summary>
    public static Cidr? FirstFree(IReadOnlyList<Cidr> prefixes, IReadOnlyList<Cidr> used, int prefix)
    {
        var taken = used.OrderBy(u => u.Network).ToList();
        foreach (var outer in prefixes.Where(p => p.Prefix <= prefix).OrderBy(p => p.Network))
        {
            var candidate = new Cidr(outer.Network, prefix, outer.Version);
            while (true)
            {
                var clash = taken.FirstOrDefault(u => u.Overlaps(candidate));
                if (clash.Version == 0)
                {
                    return candidate;
                }

                var maxAddress = outer.Version == 4 ? (UInt128)uint.MaxValue : UInt128.MaxValue;
                var end = clash.Last > candidate.Last ? clash.Last : candidate.Last;
                if (end >= outer.Last || end == maxAddress)
                {
                    break;
                }

                candidate = new Cidr(end + 1, prefix, outer.Version);
                if (candidate.Network != end + 1)
                {
                    // Not aligned: move to the next block boundary.
                    candidate = new Cidr(candidate.Last + 1, prefix, outer.Version);
                }

                if (candidate.Network > outer.Last || candidate.Network < outer.Network)
                {
                    break;
                }
            }
        }

        return null;
    }

    /// <summary>What a subnet counts against a pool's default_quota: IPv4 addresses, IPv6 /64s (at least 1).</summary>
    public static UInt128 QuotaUnits(Cidr cidr) =>
        cidr.Version == 4 ? UInt128.One << (32 - cidr.Prefix) : cidr.Prefix >= 64 ? UInt128.One : UInt128.One << (64 - cidr.Prefix);
}
