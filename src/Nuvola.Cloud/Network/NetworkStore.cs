using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Network;

/// <summary>
/// Network's objects and who may see them. Ports.Sync guards every change that allocates or frees addresses
/// or checks that something is unused (port create/update/delete, subnet and network delete, routers' gateways and
/// interfaces, floating IPs, subnet pools and address scopes).
/// </summary>
public sealed class NetworkStore(StateStore store, TimeProvider time)
{
    public Collection<NetworkRecord> Networks { get; } = store.Collection<NetworkRecord>("network.networks");

    public Collection<SubnetRecord> Subnets { get; } = store.Collection<SubnetRecord>("network.subnets");

    public Collection<PortRecord> Ports { get; } = store.Collection<PortRecord>("network.ports");

    public Collection<SecurityGroupRecord> SecurityGroups { get; } = store.Collection<SecurityGroupRecord>("network.security_groups");

    public Collection<SecurityGroupRuleRecord> SecurityGroupRules { get; } = store.Collection<SecurityGroupRuleRecord>("network.security_group_rules");

    public Collection<QuotaRecord> Quotas { get; } = store.Collection<QuotaRecord>("network.quotas");

    public Collection<RouterRecord> Routers { get; } = store.Collection<RouterRecord>("network.routers");

    public Collection<FloatingIpRecord> FloatingIps { get; } = store.Collection<FloatingIpRecord>("network.floatingips");

    public Collection<SubnetPoolRecord> SubnetPools { get; } = store.Collection<SubnetPoolRecord>("network.subnetpools");

    public Collection<AddressScopeRecord> AddressScopes { get; } = store.Collection<AddressScopeRecord>("network.address_scopes");

    public TimeProvider Time { get; } = time;

    public DateTimeOffset Now => Time.GetUtcNow();

    private AddressIndex? _addresses;

    public static string NewId() => Guid.NewGuid().ToString("D");

    /// <summary>The address index for the ports as they are now; callers hold Ports.Sync.</summary>
    public AddressIndex Addresses()
    {
        var version = Ports.Version;
        if (_addresses is { } index && index.Version == version)
        {
            return index;
        }

        return _addresses = AddressIndex.Build(Ports.Values, version);
    }

    public NetworkRecord? FindNetwork(string? id, AuthContext caller) =>
        Networks.Find(id) is { } network && network.IsVisibleTo(caller.ProjectId, caller.IsAdmin) ? network : null;

    public NetworkRecord RequireNetwork(string? id, AuthContext caller) =>
        FindNetwork(id, caller) ?? throw NeutronErrors.NotFound("Network", id);

    /// <summary>A subnet is visible with its network.</summary>
    public SubnetRecord? FindSubnet(string? id, AuthContext caller) =>
        Subnets.Find(id) is { } subnet && (caller.IsAdmin || subnet.ProjectId == caller.ProjectId || FindNetwork(subnet.NetworkId, caller) is not null) ? subnet : null;

    /// <summary>A port is visible to its owner, to the owner of its network, and to admin.</summary>
    public PortRecord? FindPort(string? id, AuthContext caller) =>
        Ports.Find(id) is { } port && CanSee(port, caller) ? port : null;

    public bool CanSee(PortRecord port, AuthContext caller) =>
        caller.IsAdmin || port.ProjectId == caller.ProjectId || Networks.Find(port.NetworkId)?.ProjectId == caller.ProjectId;

    public SecurityGroupRecord? FindSecurityGroup(string? id, AuthContext caller) =>
        SecurityGroups.Find(id) is { } group && (caller.IsAdmin || group.ProjectId == caller.ProjectId) ? group : null;

    public SecurityGroupRuleRecord? FindSecurityGroupRule(string? id, AuthContext caller) =>
        SecurityGroupRules.Find(id) is { } rule && (caller.IsAdmin || rule.ProjectId == caller.ProjectId
            || SecurityGroups.Find(rule.SecurityGroupId)?.ProjectId == caller.ProjectId) ? rule : null;

    public RouterRecord? FindRouter(string? id, AuthContext caller) =>
        Routers.Find(id) is { } router && (caller.IsAdmin || router.ProjectId == caller.ProjectId) ? router : null;

    public FloatingIpRecord? FindFloatingIp(string? id, AuthContext caller) =>
        FloatingIps.Find(id) is { } ip && (caller.IsAdmin || ip.ProjectId == caller.ProjectId) ? ip : null;

    public SubnetPoolRecord? FindSubnetPool(string? id, AuthContext caller) =>
        SubnetPools.Find(id) is { } pool && pool.IsVisibleTo(caller.ProjectId, caller.IsAdmin) ? pool : null;

    public AddressScopeRecord? FindAddressScope(string? id, AuthContext caller) =>
        AddressScopes.Find(id) is { } scope && scope.IsVisibleTo(caller.ProjectId, caller.IsAdmin) ? scope : null;

    /// <summary>A project's limit for a resource (-1: unlimited).</summary>
    public int QuotaLimit(string projectId, string resource) =>
        Quotas.Find(projectId)?.Limits.TryGetValue(resource, out var limit) == true ? limit : QuotaRecord.Defaults[resource];

    /// <summary>The interface ports of a router, in attach order.</summary>
    public IEnumerable<PortRecord> InterfacesOf(string routerId) =>
        Ports.Values.Where(p => p.DeviceId == routerId && p.DeviceOwner == RouterRecord.InterfaceOwner)
            .OrderBy(p => p.Standard.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal);

    public IEnumerable<SubnetRecord> SubnetsOf(string networkId) =>
        Subnets.Values.Where(s => s.NetworkId == networkId).OrderBy(s => s.Standard.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal);

    public IEnumerable<SecurityGroupRuleRecord> RulesOf(string groupId) =>
        SecurityGroupRules.Values.Where(r => r.SecurityGroupId == groupId).OrderBy(r => r.Standard.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal);
}
