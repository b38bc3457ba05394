namespace Nuvola.Cloud.Network;

/// <summary>Creates and deletes networks and subnets (the checks that span objects: overlaps, ports in use).</summary>
public sealed class NetworkOperations(NetworkStore store)
{
    public NetworkRecord CreateNetwork(string name, string projectId, bool shared = false, bool external = false, bool adminStateUp = true,
        bool portSecurityEnabled = true, int mtu = 1450, string description = "")
    {
        var network = new NetworkRecord(NetworkStore.NewId(), name, projectId, adminStateUp, shared, external, mtu, portSecurityEnabled,
            StandardAttributes.New(store.Now, description));
        store.Networks.Put(network.Id, network);
        return network;
    }

    public SubnetRecord CreateSubnet(SubnetDraft draft)
    {
        Cidr? requested = draft.Cidr is null ? null : SubnetLayout.ParseCidr(draft.Cidr, draft.IpVersion);
        lock (store.Ports.Sync)
        {
            if (store.Networks.Find(draft.NetworkId) is null)
            {
                throw NeutronErrors.NotFound("Network", draft.NetworkId);
            }

            var pool = draft.SubnetPoolId is null ? null : store.SubnetPools.Find(draft.SubnetPoolId) ?? throw NeutronErrors.SubnetPoolNotFound(draft.SubnetPoolId);
            var cidr = pool is not null ? SubnetAllocation.Allocate(store, pool, draft.ProjectId, requested, draft.PrefixLength, draft.IpVersion)
                : requested ?? throw NeutronErrors.BadRequest("A cidr must be specified in the absence of a subnet pool");
            SubnetLayout.CheckIpv6Modes(cidr, draft.Ipv6RaMode, draft.Ipv6AddressMode);
            var gateway = SubnetLayout.Gateway(cidr, draft.GatewayGiven, draft.GatewayIp);
            var pools = SubnetLayout.Pools(cidr, gateway, draft.AllocationPools);
            var dns = SubnetLayout.DnsNameservers(draft.DnsNameservers ?? []);
            var routes = SubnetLayout.HostRoutes(draft.HostRoutes ?? [], cidr.Version);
            foreach (var other in store.SubnetsOf(draft.NetworkId))
            {
                if (IpMath.TryParseCidr(other.Cidr, out var otherCidr) && otherCidr.Overlaps(cidr))
                {
                    throw NeutronErrors.InvalidInput(
                        $"Requested subnet with cidr: {cidr} for network: {draft.NetworkId} overlaps with another subnet");
                }

                if (other.IpVersion == cidr.Version && other.SubnetPoolId != pool?.Id)
                {
                    throw NeutronErrors.NetworkSubnetPoolAffinity();
                }
            }

            var subnet = new SubnetRecord(
                NetworkStore.NewId(), draft.Name, draft.NetworkId, draft.ProjectId, cidr.Version, cidr.ToString(), gateway, pools,
                draft.EnableDhcp, dns, routes, draft.Ipv6RaMode, draft.Ipv6AddressMode, StandardAttributes.New(store.Now, draft.Description), pool?.Id);
            store.Subnets.Put(subnet.Id, subnet);
            return subnet;
        }
    }

    /// <summary>Deletes a subnet nobody has an address on; 409 SubnetInUse otherwise.</summary>
    public void DeleteSubnet(string subnetId)
    {
        lock (store.Ports.Sync)
        {
            if (store.Ports.Values.Any(p => p.FixedIps.Any(ip => ip.SubnetId == subnetId)))
            {
                throw NeutronErrors.SubnetInUse(subnetId);
            }

            store.Subnets.Remove(subnetId);
        }
    }

    /// <summary>Deletes a network with its subnets; 409 NetworkInUse while it has ports.</summary>
    public void DeleteNetwork(string networkId)
    {
        lock (store.Ports.Sync)
        {
            if (store.Ports.Values.Any(p => p.NetworkId == networkId))
            {
                throw NeutronErrors.NetworkInUse(networkId);
            }

            foreach (var subnet in store.SubnetsOf(networkId).ToList())
            {
                store.Subnets.Remove(subnet.Id);
            }

            store.Networks.Remove(networkId);
        }
    }
}
