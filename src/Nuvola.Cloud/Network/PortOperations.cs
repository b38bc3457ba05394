using System.Security.Cryptography;

namespace Nuvola.Cloud.Network;

/// <summary>
/// Creates, re-addresses and deletes ports. Every allocation happens under Ports.Sync, so no address or MAC is
/// ever handed out twice, whatever the concurrency.
/// </summary>
public sealed class PortOperations(NetworkStore store, SecurityGroupService groups)
{
    public PortRecord Create(PortDraft draft)
    {
        var network = store.Networks.Find(draft.NetworkId) ?? throw NeutronErrors.NotFound("Network", draft.NetworkId);
        var portSecurity = draft.PortSecurityEnabled ?? network.PortSecurityEnabled;
        var securityGroups = draft.SecurityGroups ?? (portSecurity ? [groups.EnsureDefault(draft.ProjectId).Id] : []);
        if (!portSecurity && securityGroups.Count > 0)
        {
            throw PortSecurityConflict();
        }

        if (!portSecurity && draft.AllowedAddressPairs is { Count: > 0 })
        {
            throw AddressPairsNeedPortSecurity();
        }

        var now = store.Now;
        lock (store.Ports.Sync)
        {
            var index = store.Addresses();
            var mac = draft.MacAddress ?? NewMac(index);
            if (index.MacInUse(network.Id, mac))
            {
                throw NeutronErrors.MacAddressInUse(network.Id, mac);
            }

            var fixedIps = Allocate(network, draft.FixedIps, mac, index, keep: [], draft.MayTakeGateway);
            var binding = draft.Binding ?? PortBinding.Unbound;
            var port = new PortRecord(
                NetworkStore.NewId(), draft.Name, network.Id, draft.ProjectId, mac.ToLowerInvariant(), fixedIps,
                draft.DeviceId, draft.DeviceOwner, draft.AdminStateUp, StatusFor(draft.DeviceOwner, binding),
                securityGroups, portSecurity, draft.AllowedAddressPairs ?? [], binding,
                StandardAttributes.New(now, draft.Description), draft.CreatedForServer, draft.ServerOrder);
            var before = store.Ports.Version;
            store.Ports.Put(port.Id, port);
            index.Advance(port, before, store.Ports.Version);
            return port;
        }
    }

    /// <summary>Applies a change to a port under the allocation lock; new fixed IPs (when asked) are allocated there.</summary>
    public PortRecord Update(string portId, Func<PortRecord, PortRecord> change, IReadOnlyList<FixedIpRequest>? fixedIps = null)
    {
        lock (store.Ports.Sync)
        {
            var port = store.Ports.Find(portId) ?? throw NeutronErrors.NotFound("Port", portId);
            var changed = change(port);
            if (fixedIps is not null)
            {
                var network = store.Networks.Find(port.NetworkId) ?? throw NeutronErrors.NotFound("Network", port.NetworkId);
                var others = AddressIndex.Build(store.Ports.Values.Where(p => p.Id != port.Id), -1);
                changed = changed with { FixedIps = Allocate(network, fixedIps, port.MacAddress, others, port.FixedIps, isNew: false) };
            }

            if (!changed.PortSecurityEnabled && changed.SecurityGroups.Count > 0)
            {
                throw PortSecurityConflict();
            }

            if (!changed.PortSecurityEnabled && changed.AllowedAddressPairs.Count > 0)
            {
                throw AddressPairsNeedPortSecurity();
            }

            changed = changed with { Status = StatusFor(changed.DeviceOwner, changed.Binding), Standard = changed.Standard.Touched(store.Now) };
            store.Ports.Put(changed.Id, changed);
            return changed;
        }
    }

    /// <summary>Deletes a port; floating IPs associated with it are disassociated, as Neutron does.</summary>
    public bool Delete(string portId)
    {
        lock (store.Ports.Sync)
        {
            foreach (var floating in store.FloatingIps.Values.Where(f => f.PortId == portId).ToList())
            {
                store.FloatingIps.Put(floating.Id, floating with
                {
                    PortId = null,
                    FixedIpAddress = null,
                    RouterId = null,
                    Standard = floating.Standard.Touched(store.Now),
                });
            }

            return store.Ports.Remove(portId);
        }
    }

    public static string StatusFor(string deviceOwner, PortBinding binding) =>
        deviceOwner.Length > 0 && binding.HostId.Length > 0 ? "ACTIVE" : "DOWN";

    /// <summary>The fixed IPs for a port; <paramref name="index"/> holds every other port's addresses (it is not changed here).</summary>
    private List<FixedIp> Allocate(
        NetworkRecord network, IReadOnlyList<FixedIpRequest>? requests, string mac, AddressIndex index, IReadOnlyList<FixedIp> keep,
        bool mayTakeGateway = false, bool isNew = true)
    {
        var taken = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        UsedSet UsedIn(string subnetId) => new(index, subnetId, taken.TryGetValue(subnetId, out var set) ? set : taken[subnetId] = new HashSet<string>(StringComparer.Ordinal));

        var subnets = store.SubnetsOf(network.Id).ToList();
        var result = new List<FixedIp>();
        if (requests is null)
        {
            foreach (var version in new[] { 4, 6 })
            {
                var candidates = subnets.Where(s => s.IpVersion == version).ToList();
                foreach (var auto in candidates.Where(s => s.IsAutoAddressed))
                {
                    result.Add(new FixedIp(auto.Id, AddressPlan.Eui64(Cidr(auto), mac)));
                }

                var stateful = candidates.Where(s => !s.IsAutoAddressed).ToList();
                if (stateful.Count == 0)
                {
                    continue;
                }

                var picked = stateful.Select(s => (Subnet: s, Ip: AddressPlan.FirstFree(s, UsedIn(s.Id).Contains))).FirstOrDefault(x => x.Ip is not null);
                if (picked.Ip is null)
                {
                    throw NeutronErrors.IpAddressGenerationFailure(network.Id);
                }

                UsedIn(picked.Subnet.Id).Add(picked.Ip);
                result.Add(new FixedIp(picked.Subnet.Id, picked.Ip));
            }

            return result;
        }

        foreach (var request in requests)
        {
            var subnet = request.SubnetId is null ? null
                : subnets.FirstOrDefault(s => s.Id == request.SubnetId)
                    ?? throw NeutronErrors.InvalidInput($"Failed to create port on network {network.Id}, because fixed_ips included invalid subnet {request.SubnetId}");
            if (request.IpAddress is null)
            {
                if (subnet is null)
                {
                    throw NeutronErrors.InvalidInput("Invalid data format for fixed IP: a subnet_id or ip_address is required");
                }

                var kept = keep.FirstOrDefault(k => k.SubnetId == subnet.Id && !result.Contains(k));
                var ip = kept?.IpAddress ?? (subnet.IsAutoAddressed ? AddressPlan.Eui64(Cidr(subnet), mac) : AddressPlan.FirstFree(subnet, UsedIn(subnet.Id).Contains))
                    ?? throw NeutronErrors.IpAddressGenerationFailure(network.Id);
                UsedIn(subnet.Id).Add(ip);
                result.Add(new FixedIp(subnet.Id, ip));
                continue;
            }

            var address = AddressPlan.Canonical(request.IpAddress)
                ?? throw NeutronErrors.InvalidInput($"{request.IpAddress} is not a valid IP address");
            IpMath.TryParseAddress(address, out var value, out var addressVersion);
            if (subnet is not null && (subnet.IpVersion != addressVersion || !Cidr(subnet).Contains(value)))
            {
                throw NeutronErrors.InvalidIpForSubnet(address);
            }

            subnet ??= subnets.FirstOrDefault(s => s.IpVersion == addressVersion && Cidr(s).Contains(value))
                ?? throw NeutronErrors.InvalidIpForNetwork(address);
            if (UsedIn(subnet.Id).Contains(address) || (address == subnet.GatewayIp && !mayTakeGateway) || result.Any(r => r.SubnetId == subnet.Id && r.IpAddress == address))
            {
                throw NeutronErrors.IpAddressAlreadyAllocated(address, subnet.Id);
            }

            UsedIn(subnet.Id).Add(address);
            result.Add(new FixedIp(subnet.Id, address));
        }

        if (isNew)
        {
            // As Neutron does: a new port also gets its SLAAC address on every auto-addressed subnet.
            foreach (var auto in subnets.Where(s => s.IsAutoAddressed && result.All(r => r.SubnetId != s.Id)))
            {
                result.Add(new FixedIp(auto.Id, AddressPlan.Eui64(Cidr(auto), mac)));
            }
        }

        return result;
    }

    private static Cidr Cidr(SubnetRecord subnet) =>
        IpMath.TryParseCidr(subnet.Cidr, out var cidr) ? cidr : throw new InvalidOperationException("stored subnet has a bad CIDR: " + subnet.Cidr);

    private static string NewMac(AddressIndex index)
    {
        Span<byte> bytes = stackalloc byte[3];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var mac = $"fa:16:3e:{bytes[0]:x2}:{bytes[1]:x2}:{bytes[2]:x2}";
            if (!index.MacInUse(mac))
            {
                return mac;
            }
        }
    }

    /// <summary>A subnet's used addresses: the index's plus those this allocation has taken so far.</summary>
    private readonly record struct UsedSet(AddressIndex Index, string SubnetId, HashSet<string> Taken)
    {
        public bool Contains(UInt128 address) => Index.IsUsed(SubnetId, address) || Taken.Contains(address.ToString(System.Globalization.CultureInfo.InvariantCulture));

        public bool Contains(string address) =>
            Taken.Contains(AddressValue(address)) || (IpMath.TryParseAddress(address, out var value, out _) && Index.IsUsed(SubnetId, value));

        public void Add(string address) => Taken.Add(AddressValue(address));

        private static string AddressValue(string address) =>
            IpMath.TryParseAddress(address, out var value, out _) ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : address;
    }

    private static Hosting.ApiException PortSecurityConflict() => Hosting.ApiException.Conflict(
        "Port has security group associated. Cannot disable port security or ip address until security group is removed", "PortSecurityPortHasSecurityGroup");

    private static Hosting.ApiException AddressPairsNeedPortSecurity() => Hosting.ApiException.Conflict(
        "Port Security must be enabled in order to have allowed address pairs on a port.", "AddressPairAndPortSecurityRequired");
}
