namespace Nuvola.Cloud.Network;

/// <summary>A router's interfaces: ports with the subnet's gateway_ip (or given ports), owned by network:router_interface.</summary>
public sealed partial class RouterOperations
{
    /// <summary>Attaches a subnet (a new port on its gateway_ip) or an unused port with fixed IPs; returns the interface port.</summary>
    public PortRecord AddInterface(string routerId, string? subnetId, string? portId)
    {
        lock (store.Ports.Sync)
        {
            var router = store.Routers.Find(routerId) ?? throw NeutronErrors.RouterNotFound(routerId);
            if (portId is not null)
            {
                var port = store.Ports.Find(portId) ?? throw NeutronErrors.NotFound("Port", portId);
                if (port.DeviceId.Length > 0)
                {
                    throw NeutronErrors.PortInUse(port.Id, port.NetworkId, port.DeviceId);
                }

                if (port.FixedIps.Count == 0)
                {
                    throw NeutronErrors.BadResourceRequest("router", "Router port must have at least one fixed IP");
                }

                foreach (var ip in port.FixedIps)
                {
                    CheckNewSubnet(router, store.Subnets.Find(ip.SubnetId) ?? throw NeutronErrors.NotFound("Subnet", ip.SubnetId));
                }

                return ports.Update(port.Id, p => p with { DeviceId = router.Id, DeviceOwner = RouterRecord.InterfaceOwner });
            }

            var subnet = store.Subnets.Find(subnetId) ?? throw NeutronErrors.NotFound("Subnet", subnetId);
            if (subnet.GatewayIp is null)
            {
                throw NeutronErrors.BadResourceRequest("router", "Subnet for router interface must have a gateway IP");
            }

            CheckNewSubnet(router, subnet);
            return ports.Create(new PortDraft(
                subnet.NetworkId, subnet.ProjectId, FixedIps: [new FixedIpRequest(subnet.Id, subnet.GatewayIp)], DeviceId: router.Id,
                DeviceOwner: RouterRecord.InterfaceOwner, SecurityGroups: [], PortSecurityEnabled: false, MayTakeGateway: true));
        }
    }

    /// <summary>Detaches the interface given by port (or by subnet) and deletes its port; returns it.</summary>
    public PortRecord RemoveInterface(string routerId, string? subnetId, string? portId)
    {
        lock (store.Ports.Sync)
        {
            var router = store.Routers.Find(routerId) ?? throw NeutronErrors.RouterNotFound(routerId);
            var port = portId is not null
                ? store.InterfacesOf(router.Id).FirstOrDefault(p => p.Id == portId) ?? throw NeutronErrors.RouterInterfaceNotFound(router.Id, portId)
                : store.InterfacesOf(router.Id).FirstOrDefault(p => p.FixedIps.Any(ip => ip.SubnetId == subnetId))
                    ?? throw NeutronErrors.RouterInterfaceNotFoundForSubnet(router.Id, subnetId ?? string.Empty);
            foreach (var subnet in port.FixedIps.Select(ip => store.Subnets.Find(ip.SubnetId)).OfType<SubnetRecord>())
            {
                IpMath.TryParseCidr(subnet.Cidr, out var cidr);
                if (router.Routes.Any(r => IpMath.TryParseAddress(r.Nexthop, out var hop, out var version) && version == cidr.Version && cidr.Contains(hop)))
                {
                    throw NeutronErrors.RouterInterfaceInUseByRoute(router.Id, subnet.Id);
                }

                if (store.FloatingIps.Values.Any(f => f.RouterId == router.Id && store.Ports.Find(f.PortId)?.FixedIps
                    .Any(ip => ip.SubnetId == subnet.Id && ip.IpAddress == f.FixedIpAddress) == true))
                {
                    throw NeutronErrors.RouterInterfaceInUseByFloatingIp(router.Id, subnet.Id);
                }
            }

            ports.Delete(port.Id);
            return port;
        }
    }

    /// <summary>The router that connects a subnet to an external network, if any.</summary>
    public RouterRecord? RouterBetween(string subnetId, string externalNetworkId) =>
        store.Routers.Values
            .Where(r => r.Gateway?.NetworkId == externalNetworkId && store.InterfacesOf(r.Id).Any(p => p.FixedIps.Any(ip => ip.SubnetId == subnetId)))
            .OrderBy(r => r.Standard.CreatedAt).FirstOrDefault();

    private void CheckNewSubnet(RouterRecord router, SubnetRecord subnet)
    {
        IpMath.TryParseCidr(subnet.Cidr, out var cidr);
        foreach (var other in store.InterfacesOf(router.Id).SelectMany(p => p.FixedIps).Select(ip => store.Subnets.Find(ip.SubnetId)).OfType<SubnetRecord>())
        {
            if (other.Id == subnet.Id)
            {
                throw NeutronErrors.BadResourceRequest("router", $"Router already has a port on subnet {subnet.Id}");
            }

            if (IpMath.TryParseCidr(other.Cidr, out var otherCidr) && otherCidr.Overlaps(cidr))
            {
                throw NeutronErrors.BadResourceRequest(
                    "router", $"Cidr {subnet.Cidr} of subnet {subnet.Id} overlaps with cidr {other.Cidr} of subnet {other.Id}");
            }
        }
    }
}
