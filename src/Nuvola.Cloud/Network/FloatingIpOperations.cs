using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Network;

/// <summary>
/// Floating IPs: each holds its address through a network:floatingip port on the external network (so addresses come
/// from the same pools, under the same lock, as every port's), and forwards to a port a router connects to that network.
/// </summary>
public sealed class FloatingIpOperations(NetworkStore store, PortOperations ports, RouterOperations routers)
{
    public FloatingIpRecord Create(
        string projectId, string networkId, string? subnetId, string? address, string description, string? portId, string? fixedIp)
    {
        lock (store.Ports.Sync)
        {
            var network = store.Networks.Find(networkId) ?? throw NeutronErrors.NotFound("Network", networkId);
            if (!network.External)
            {
                throw NeutronErrors.BadResourceRequest("floatingip", $"Network {network.Id} is not a valid external network");
            }

            var limit = store.QuotaLimit(projectId, "floatingip");
            if (limit >= 0 && store.FloatingIps.Values.Count(f => f.ProjectId == projectId) >= limit)
            {
                throw NeutronErrors.OverQuota("floatingip");
            }

            var id = NetworkStore.NewId();
            var target = portId is null ? null : Target(id, network.Id, portId, fixedIp);
            var port = AllocatePort(network, id, subnetId, address);
            var floating = new FloatingIpRecord(
                id, projectId, network.Id, port.FixedIps[0].IpAddress, port.Id, target?.PortId, target?.FixedIpAddress, target?.RouterId,
                StandardAttributes.New(store.Now, description));
            store.FloatingIps.Put(floating.Id, floating);
            return floating;
        }
    }

    /// <summary>Applies a change; when <paramref name="retarget"/>, associates with portId (null: disassociates).</summary>
    public FloatingIpRecord Update(string id, Func<FloatingIpRecord, FloatingIpRecord> change, bool retarget, string? portId, string? fixedIp)
    {
        lock (store.Ports.Sync)
        {
            var floating = change(store.FloatingIps.Find(id) ?? throw NeutronErrors.FloatingIpNotFound(id));
            if (retarget)
            {
                var target = portId is null ? null : Target(floating.Id, floating.FloatingNetworkId, portId, fixedIp);
                floating = floating with { PortId = target?.PortId, FixedIpAddress = target?.FixedIpAddress, RouterId = target?.RouterId };
            }

            floating = floating with { Standard = floating.Standard.Touched(store.Now) };
            store.FloatingIps.Put(floating.Id, floating);
            return floating;
        }
    }

    /// <summary>Releases a floating IP and its address.</summary>
    public void Delete(string id)
    {
        lock (store.Ports.Sync)
        {
            var floating = store.FloatingIps.Find(id) ?? throw NeutronErrors.FloatingIpNotFound(id);
            store.FloatingIps.Remove(floating.Id);
            ports.Delete(floating.FloatingPortId);
        }
    }

    private PortRecord AllocatePort(NetworkRecord network, string floatingId, string? subnetId, string? address)
    {
        PortDraft Draft(FixedIpRequest request) => new(
            network.Id, string.Empty, FixedIps: [request], DeviceId: floatingId, DeviceOwner: FloatingIpRecord.PortOwner,
            SecurityGroups: [], PortSecurityEnabled: false);

        if (subnetId is not null || address is not null)
        {
            return ports.Create(Draft(new FixedIpRequest(subnetId, address)));
        }

        var candidates = store.SubnetsOf(network.Id).Where(s => s.IpVersion == 4).ToList();
        if (candidates.Count == 0)
        {
            throw NeutronErrors.BadResourceRequest("floatingip", $"Network {network.Id} does not contain any IPv4 subnet");
        }

        foreach (var subnet in candidates)
        {
            try
            {
                return ports.Create(Draft(new FixedIpRequest(subnet.Id, null)));
            }
            catch (ApiException full) when (full.Kind == "IpAddressGenerationFailure")
            {
                // this subnet is full: the next one may not be
            }
        }

        throw NeutronErrors.IpAddressGenerationFailure(network.Id);
    }

    /// <summary>Neutron's association checks: the fixed IPv4 address of the port, a router between, no other floating IP on it.</summary>
    private FloatingIpTarget Target(string floatingId, string externalNetworkId, string portId, string? fixedIp)
    {
        var port = store.Ports.Find(portId) ?? throw NeutronErrors.NotFound("Port", portId);
        FixedIp chosen;
        if (fixedIp is not null)
        {
            chosen = port.FixedIps.FirstOrDefault(ip => AddressPlan.Canonical(ip.IpAddress) == AddressPlan.Canonical(fixedIp))
                ?? throw NeutronErrors.BadResourceRequest("floatingip", $"Port {port.Id} does not have fixed ip {fixedIp}");
        }
        else
        {
            var ipv4 = port.FixedIps.Where(ip => IpMath.TryParseAddress(ip.IpAddress, out _, out var version) && version == 4).ToList();
            chosen = ipv4.Count switch
            {
                0 => throw NeutronErrors.BadResourceRequest("floatingip", $"Cannot add floating IP to port {port.Id} that has no global IPv4 addresses"),
                1 => ipv4[0],
                _ => throw NeutronErrors.BadResourceRequest("floatingip",
                    $"Port {port.Id} has multiple fixed IPv4 addresses.  Must provide a specific IPv4 address when assigning a floating IP"),
            };
        }

        var router = routers.RouterBetween(chosen.SubnetId, externalNetworkId)
            ?? throw NeutronErrors.ExternalGatewayForFloatingIpNotFound(externalNetworkId, chosen.SubnetId, port.Id);
        var other = store.FloatingIps.Values.FirstOrDefault(f =>
            f.Id != floatingId && f.PortId == port.Id && f.FixedIpAddress == chosen.IpAddress && f.FloatingNetworkId == externalNetworkId);
        return other is not null
            ? throw NeutronErrors.FloatingIpPortAlreadyAssociated(other, port.Id, chosen.IpAddress)
            : new FloatingIpTarget(port.Id, chosen.IpAddress, router.Id);
    }
}
