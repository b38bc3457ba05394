using Nuvola.Cloud.Compute.Keypairs;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Compute.Limits;

/// <summary>
/// Compute quotas: limits per project (defaults + admin overrides), usage, and the checks Nova makes
/// before it creates servers (<see cref="CheckServers"/>), resizes (<see cref="CheckResize"/>) and key pairs.
/// </summary>
public sealed class QuotaService(StateStore store, KeypairStore keypairs, IServiceProvider services)
{
    private readonly Collection<QuotaRecord> _quotas = store.Collection<QuotaRecord>("compute.quotas");

    public Lock Sync => _quotas.Sync;

    public int LimitOf(string projectId, string resource) =>
        _quotas.Find(projectId) is { } record && record.Limits.TryGetValue(resource, out var limit)
            ? limit
            : QuotaDefaults.Values.GetValueOrDefault(resource, -1);

    public IReadOnlyDictionary<string, int> LimitsOf(string projectId) =>
        QuotaDefaults.Values.Keys.ToDictionary(k => k, k => LimitOf(projectId, k), StringComparer.Ordinal);

    public ComputeUsage ServersUsage(string projectId) =>
        services.GetService<IComputeUsage>()?.UsageOf(projectId) ?? ComputeUsage.None;

    /// <summary>What a project uses of each resource that Nova counts.</summary>
    public IReadOnlyDictionary<string, int> UsageOf(string projectId, string? userId = null)
    {
        var servers = ServersUsage(projectId);
        return new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [QuotaDefaults.Instances] = servers.Instances,
            [QuotaDefaults.Cores] = servers.Cores,
            [QuotaDefaults.Ram] = servers.Ram,
            [QuotaDefaults.ServerGroups] = servers.ServerGroups,
            [QuotaDefaults.KeyPairs] = userId is null ? 0 : keypairs.CountFor(userId),
        };
    }

    public void Set(string projectId, IReadOnlyDictionary<string, int> changes)
    {
        lock (_quotas.Sync)
        {
            var limits = new Dictionary<string, int>(_quotas.Find(projectId)?.Limits ?? new Dictionary<string, int>(), StringComparer.Ordinal);
            foreach (var (key, value) in changes)
            {
                limits[key] = value;
            }

            _quotas.Put(projectId, new QuotaRecord(projectId, limits));
        }
    }

    public void Reset(string projectId) => _quotas.Remove(projectId);

    /// <summary>
    /// Before creating servers: how many of [<paramref name="minCount"/>, <paramref name="maxCount"/>] servers of
    /// this size fit in the project's instances/cores/ram quota (Nova creates as many as fit, up to max).
    /// 403 with Nova's "Quota exceeded for ..." message when not even <paramref name="minCount"/> fit.
    /// </summary>
    public int CheckServers(string projectId, int minCount, int maxCount, int vcpus, int ramMb)
    {
        var used = ServersUsage(projectId);
        var checks = new (string Resource, int Used, int PerServer)[]
        {
            (QuotaDefaults.Instances, used.Instances, 1),
            (QuotaDefaults.Cores, used.Cores, vcpus),
            (QuotaDefaults.Ram, used.Ram, ramMb),
        };
        var allowed = maxCount;
        foreach (var (resource, inUse, each) in checks)
        {
            var limit = LimitOf(projectId, resource);
            if (limit >= 0 && each > 0)
            {
                allowed = Math.Min(allowed, Math.Max(0, (limit - inUse) / each));
            }
        }

        if (allowed >= minCount)
        {
            return allowed;
        }

        var overs = checks.Where(c => LimitOf(projectId, c.Resource) is var l && l >= 0 && c.Used + (c.PerServer * minCount) > l).ToList();
        var names = string.Join(", ", overs.Select(o => o.Resource));
        var requested = string.Join(", ", overs.Select(o => o.PerServer * minCount));
        var usedText = string.Join(", ", overs.Select(o => o.Used));
        var limits = string.Join(", ", overs.Select(o => LimitOf(projectId, o.Resource)));
        throw ApiException.Forbidden($"Quota exceeded for {names}: Requested {requested}, but already used {usedText} of {limits} {names}");
    }

    /// <summary>Before a resize: 403 when the extra cores/ram do not fit (deltas may be negative: always fits).</summary>
    public void CheckResize(string projectId, int deltaCores, int deltaRamMb)
    {
        var used = ServersUsage(projectId);
        foreach (var (resource, inUse, delta) in new[] { (QuotaDefaults.Cores, used.Cores, deltaCores), (QuotaDefaults.Ram, used.Ram, deltaRamMb) })
        {
            var limit = LimitOf(projectId, resource);
            if (delta > 0 && limit >= 0 && inUse + delta > limit)
            {
                throw ApiException.Forbidden($"Quota exceeded for {resource}: Requested {delta}, but already used {inUse} of {limit} {resource}");
            }
        }
    }
}
