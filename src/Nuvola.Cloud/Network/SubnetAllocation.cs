namespace Nuvola.Cloud.Network;

/// <summary>Carves a subnet's CIDR out of a subnet pool. Callers hold Ports.Sync, so two subnets never get one block.</summary>
public static class SubnetAllocation
{
    public static Cidr Allocate(NetworkStore store, SubnetPoolRecord pool, string projectId, Cidr? requested, int? prefixLength, int? ipVersion)
    {
        if (ipVersion is { } version && version != pool.IpVersion)
        {
            throw NeutronErrors.BadResourceRequest("subnets", $"Cannot allocate IPv{version} subnet from IPv{pool.IpVersion} subnet pool");
        }

        var used = store.Subnets.Values.Where(s => s.SubnetPoolId == pool.Id)
            .Select(s => (s.ProjectId, Cidr: IpMath.TryParseCidr(s.Cidr, out var c) ? c : default)).ToList();
        var length = requested?.Prefix ?? prefixLength ?? pool.DefaultPrefixLength;
        if (length < pool.MinPrefixLength)
        {
            throw NeutronErrors.MinPrefixAllocation(length, pool.MinPrefixLength);
        }

        if (length > pool.MaxPrefixLength)
        {
            throw NeutronErrors.MaxPrefixAllocation(length, pool.MaxPrefixLength);
        }

        Cidr cidr;
        if (requested is { } asked)
        {
            if (!PrefixSet.Covers(pool.Cidrs(), asked) || used.Any(u => u.Cidr.Overlaps(asked)))
            {
                throw NeutronErrors.SubnetAllocationError("Cannot allocate requested subnet from the available set of prefixes");
            }

            cidr = asked;
        }
        else
        {
            cidr = PrefixSet.FirstFree(pool.Cidrs(), used.Select(u => u.Cidr).ToList(), length)
                ?? throw NeutronErrors.SubnetAllocationError($"Insufficient prefix space to allocate subnet size /{length}");
        }

        if (pool.DefaultQuota is { } quota)
        {
            var units = used.Where(u => u.ProjectId == projectId).Aggregate(PrefixSet.QuotaUnits(cidr), (sum, u) => sum + PrefixSet.QuotaUnits(u.Cidr));
            if (units > (UInt128)quota)
            {
                throw NeutronErrors.SubnetPoolQuotaExceeded();
            }
        }

        return cidr;
    }
}
