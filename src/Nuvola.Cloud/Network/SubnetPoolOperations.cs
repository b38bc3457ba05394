namespace Nuvola.Cloud.Network;

/// <summary>
/// Subnet pools and address scopes: the checks that span objects (one default per IP version, no overlap inside an
/// address scope, nothing removed that subnets still use). Every change holds Ports.Sync, the allocation lock.
/// </summary>
public sealed class SubnetPoolOperations(NetworkStore store)
{
    public SubnetPoolRecord Create(SubnetPoolDraft draft)
    {
        var prefixes = ParsePrefixes(draft.Prefixes);
        var version = prefixes[0].Version;
        var min = draft.MinPrefixLength ?? (version == 4 ? 8 : 64);
        var pool = new SubnetPoolRecord(
            NetworkStore.NewId(), draft.Name, draft.ProjectId, version, Texts(prefixes), draft.DefaultPrefixLength ?? min, min,
            draft.MaxPrefixLength ?? (version == 4 ? 32 : 128), draft.DefaultQuota, draft.Shared, draft.IsDefault, draft.AddressScopeId,
            StandardAttributes.New(store.Now, draft.Description));
        CheckBounds(pool);
        lock (store.Ports.Sync)
        {
            var limit = store.QuotaLimit(pool.ProjectId, "subnetpool");
            if (limit >= 0 && store.SubnetPools.Values.Count(p => p.ProjectId == pool.ProjectId) >= limit)
            {
                throw NeutronErrors.OverQuota("subnetpool");
            }

            CheckDefault(pool);
            CheckScope(pool);
            store.SubnetPools.Put(pool.Id, pool);
            return pool;
        }
    }

    /// <summary>Applies <paramref name="change"/> to the current pool and checks the result as a whole.</summary>
    public SubnetPoolRecord Update(string id, Func<SubnetPoolRecord, SubnetPoolRecord> change)
    {
        lock (store.Ports.Sync)
        {
            var current = store.SubnetPools.Find(id) ?? throw NeutronErrors.SubnetPoolNotFound(id);
            var proposed = change(current);
            var prefixes = ParsePrefixes(proposed.Prefixes);
            if (prefixes[0].Version != current.IpVersion)
            {
                throw NeutronErrors.PrefixVersionMismatch();
            }

            if (current.Cidrs().Any(old => !PrefixSet.Covers(prefixes, old)))
            {
                throw NeutronErrors.IllegalPrefixUpdate("Existing prefixes must be a subset of the new prefixes");
            }

            if (proposed.MinPrefixLength > current.MinPrefixLength && AllocatedFrom(id).Any())
            {
                throw NeutronErrors.IllegalSubnetPoolUpdate("min_prefixlen cannot be increased while the pool has subnets");
            }

            var updated = proposed with { Prefixes = Texts(prefixes), Standard = current.Standard.Touched(store.Now) with { Description = proposed.Standard.Description } };
            CheckBounds(updated);
            CheckDefault(updated);
            CheckScope(updated);

            store.SubnetPools.Put(id, updated);
            return updated;
        }
    }

    public SubnetPoolRecord AddPrefixes(string id, IReadOnlyList<string> added) =>
        Update(id, p => p with { Prefixes = [.. p.Prefixes, .. added] });

    /// <summary>Takes addresses out of the pool; refused while a subnet of the pool lies in them.</summary>
    public SubnetPoolRecord RemovePrefixes(string id, IReadOnlyList<string> removed)
    {
        var holes = removed.Select(p => ParsePrefix(p)).ToList();
        lock (store.Ports.Sync)
        {
            var current = store.SubnetPools.Find(id) ?? throw NeutronErrors.SubnetPoolNotFound(id);
            var remaining = PrefixSet.Subtract(current.Cidrs(), holes);
            if (remaining.Count == 0)
            {
                throw NeutronErrors.IllegalPrefixUpdate("A subnet pool must keep at least one prefix");
            }

            var inUse = AllocatedFrom(id).FirstOrDefault(s => IpMath.TryParseCidr(s.Cidr, out var c) && !PrefixSet.Covers(remaining, c));
            if (inUse is not null)
            {
                throw NeutronErrors.IllegalPrefixUpdate($"subnet {inUse.Id} ({inUse.Cidr}) is allocated from a prefix being removed");
            }

            var updated = current with { Prefixes = Texts(remaining), Standard = current.Standard.Touched(store.Now) };
            store.SubnetPools.Put(id, updated);
            return updated;
        }
    }

    public void Delete(string id)
    {
        lock (store.Ports.Sync)
        {
            if (AllocatedFrom(id).Any())
            {
                throw NeutronErrors.SubnetPoolDeleteError("Subnet pool has existing allocations");
            }

            store.SubnetPools.Remove(id);
        }
    }

    public AddressScopeRecord CreateScope(string name, string projectId, int ipVersion, bool shared)
    {
        var scope = new AddressScopeRecord(NetworkStore.NewId(), name, projectId, ipVersion, shared);
        store.AddressScopes.Put(scope.Id, scope);
        return scope;
    }

    public AddressScopeRecord UpdateScope(string id, string? name, bool? shared)
    {
        lock (store.Ports.Sync)
        {
            var scope = store.AddressScopes.Find(id) ?? throw NeutronErrors.AddressScopeNotFound(id);
            if (scope.Shared && shared == false)
            {
                throw NeutronErrors.AddressScopeUpdateError(id, "Shared address scope can't be unshared");
            }

            scope = scope with { Name = name ?? scope.Name, Shared = shared ?? scope.Shared };
            store.AddressScopes.Put(id, scope);
            return scope;
        }
    }

    public void DeleteScope(string id)
    {
        lock (store.Ports.Sync)
        {
            if (store.SubnetPools.Values.Any(p => p.AddressScopeId == id))
            {
                throw NeutronErrors.AddressScopeInUse(id);
            }

            store.AddressScopes.Remove(id);
        }
    }

    private IEnumerable<SubnetRecord> AllocatedFrom(string poolId) => store.Subnets.Values.Where(s => s.SubnetPoolId == poolId);

    private static IReadOnlyList<Cidr> ParsePrefixes(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0)
        {
            throw NeutronErrors.InvalidAttribute("prefixes", "At least one prefix is required");
        }

        var cidrs = texts.Select(ParsePrefix).ToList();
        return cidrs.Select(c => c.Version).Distinct().Count() > 1 ? throw NeutronErrors.PrefixVersionMismatch() : PrefixSet.Merge(cidrs);
    }

    private static Cidr ParsePrefix(string text) =>
        IpMath.TryParseCidr(text, out var cidr, strict: false) ? cidr : throw NeutronErrors.InvalidAttribute("prefixes", $"'{text}' is not a valid IP subnet");

    private static IReadOnlyList<string> Texts(IEnumerable<Cidr> cidrs) => cidrs.Select(c => c.ToString()).ToList();

    private static void CheckBounds(SubnetPoolRecord pool)
    {
        var bits = pool.IpVersion == 4 ? 32 : 128;
        if (pool.MinPrefixLength < 0)
        {
            throw NeutronErrors.InvalidAttribute("min_prefixlen", $"'{pool.MinPrefixLength}' should be non-negative");
        }

        if (pool.MaxPrefixLength > bits)
        {
            throw NeutronErrors.IllegalPrefixBounds("max_prefixlen", pool.MaxPrefixLength, "ip_version_max", bits);
        }

        if (pool.MinPrefixLength > pool.MaxPrefixLength)
        {
            throw NeutronErrors.IllegalPrefixBounds("min_prefixlen", pool.MinPrefixLength, "max_prefixlen", pool.MaxPrefixLength);
        }

        if (pool.DefaultPrefixLength < pool.MinPrefixLength)
        {
            throw NeutronErrors.IllegalPrefixBounds("default_prefixlen", pool.DefaultPrefixLength, "min_prefixlen", pool.MinPrefixLength);
        }

        if (pool.DefaultPrefixLength > pool.MaxPrefixLength)
        {
            throw NeutronErrors.IllegalPrefixBounds("default_prefixlen", pool.DefaultPrefixLength, "max_prefixlen", pool.MaxPrefixLength);
        }

        if (pool.DefaultQuota < 0)
        {
            throw NeutronErrors.InvalidAttribute("default_quota", $"'{pool.DefaultQuota}' should be non-negative");
        }
    }

    private void CheckDefault(SubnetPoolRecord pool)
    {
        if (pool.IsDefault && store.SubnetPools.Values.Any(p => p.IsDefault && p.IpVersion == pool.IpVersion && p.Id != pool.Id))
        {
            throw NeutronErrors.BadResourceRequest(
                "subnetpools", "A default subnetpool for this IP family has already been set. Only one default may exist per IP family");
        }
    }

    /// <summary>The pool's address scope (if any) has its IP version, and no other pool of the scope overlaps it.</summary>
    private void CheckScope(SubnetPoolRecord pool)
    {
        if (pool.AddressScopeId is not { } scopeId)
        {
            return;
        }

        var scope = store.AddressScopes.Find(scopeId) ?? throw NeutronErrors.AddressScopeNotFound(scopeId);
        if (scope.IpVersion != pool.IpVersion)
        {
            throw NeutronErrors.IllegalScopeVersion(pool.Id, scopeId, scope.IpVersion);
        }

        var mine = pool.Cidrs();
        if (store.SubnetPools.Values.Any(p => p.AddressScopeId == scopeId && p.Id != pool.Id && p.Cidrs().Any(c => mine.Any(m => m.Overlaps(c)))))
        {
            throw NeutronErrors.IllegalScopeAssociation(pool.Id, scopeId);
        }
    }
}
