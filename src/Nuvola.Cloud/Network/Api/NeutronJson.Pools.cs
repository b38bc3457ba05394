using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Network.Api;

/// <summary>Subnet pools and address scopes on the wire.</summary>
public static partial class NeutronJson
{
    public static JsonObject SubnetPool(SubnetPoolRecord pool) => WithStandard(new JsonObject
    {
        ["id"] = pool.Id,
        ["name"] = pool.Name,
        ["ip_version"] = pool.IpVersion,
        ["prefixes"] = Array(pool.Prefixes),
        ["default_prefixlen"] = pool.DefaultPrefixLength,
        ["min_prefixlen"] = pool.MinPrefixLength,
        ["max_prefixlen"] = pool.MaxPrefixLength,
        ["default_quota"] = pool.DefaultQuota,
        ["shared"] = pool.Shared,
        ["is_default"] = pool.IsDefault,
        ["address_scope_id"] = pool.AddressScopeId,
    }, pool);

    /// <summary>An address scope (not a standard-attribute resource in Neutron: no tags, timestamps or revision).</summary>
    public static JsonObject AddressScope(AddressScopeRecord scope) => new()
    {
        ["id"] = scope.Id,
        ["name"] = scope.Name,
        ["ip_version"] = scope.IpVersion,
        ["shared"] = scope.Shared,
        ["project_id"] = scope.ProjectId,
        ["tenant_id"] = scope.ProjectId,
    };

    /// <summary>A network's ipv4_address_scope / ipv6_address_scope: the scope of the pool its subnets of that version come from.</summary>
    private static string? AddressScopeOf(NetworkStore store, IEnumerable<SubnetRecord> subnets, int version) =>
        subnets.Where(s => s.IpVersion == version && s.SubnetPoolId is not null)
            .Select(s => store.SubnetPools.Find(s.SubnetPoolId)?.AddressScopeId).FirstOrDefault(id => id is not null);
}
