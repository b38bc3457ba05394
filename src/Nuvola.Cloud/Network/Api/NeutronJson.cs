using System.Globalization;
using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Network.Api;

/// <summary>Neutron's wire format of each resource (all attributes; field selection happens later).</summary>
public static partial class NeutronJson
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Network(NetworkRecord network, NetworkStore store)
    {
        var subnets = store.SubnetsOf(network.Id).ToList();
        return WithStandard(new JsonObject
        {
            ["id"] = network.Id,
            ["name"] = network.Name,
            ["admin_state_up"] = network.AdminStateUp,
            ["status"] = "ACTIVE",
            ["shared"] = network.Shared,
            ["router:external"] = network.External,
            ["mtu"] = network.Mtu,
            ["port_security_enabled"] = network.PortSecurityEnabled,
            ["subnets"] = Array(subnets.Select(s => s.Id)),
            ["availability_zone_hints"] = new JsonArray(),
            ["availability_zones"] = new JsonArray("nova"),
            ["ipv4_address_scope"] = AddressScopeOf(store, subnets, 4),
            ["ipv6_address_scope"] = AddressScopeOf(store, subnets, 6),
            ["l2_adjacency"] = true,
        }, network);
    }

    public static JsonObject Subnet(SubnetRecord subnet) => WithStandard(new JsonObject
    {
        ["id"] = subnet.Id,
        ["name"] = subnet.Name,
        ["network_id"] = subnet.NetworkId,
        ["ip_version"] = subnet.IpVersion,
        ["cidr"] = subnet.Cidr,
        ["gateway_ip"] = subnet.GatewayIp,
        ["allocation_pools"] = new JsonArray(subnet.AllocationPools.Select(p => (JsonNode?)new JsonObject { ["start"] = p.Start, ["end"] = p.End }).ToArray()),
        ["enable_dhcp"] = subnet.EnableDhcp,
        ["dns_nameservers"] = Array(subnet.DnsNameservers),
        ["host_routes"] = new JsonArray(subnet.HostRoutes.Select(r => (JsonNode?)new JsonObject { ["destination"] = r.Destination, ["nexthop"] = r.Nexthop }).ToArray()),
        ["ipv6_ra_mode"] = subnet.Ipv6RaMode,
        ["ipv6_address_mode"] = subnet.Ipv6AddressMode,
        ["subnetpool_id"] = subnet.SubnetPoolId,
        ["segment_id"] = null,
        ["service_types"] = new JsonArray(),
    }, subnet);

    /// <summary>A port; binding:* only for admin, as Neutron's policy shows them.</summary>
    public static JsonObject Port(PortRecord port, bool admin)
    {
        var json = WithStandard(new JsonObject
        {
            ["id"] = port.Id,
            ["name"] = port.Name,
            ["network_id"] = port.NetworkId,
            ["mac_address"] = port.MacAddress,
            ["fixed_ips"] = new JsonArray(port.FixedIps.Select(ip => (JsonNode?)new JsonObject { ["subnet_id"] = ip.SubnetId, ["ip_address"] = ip.IpAddress }).ToArray()),
            ["device_id"] = port.DeviceId,
            ["device_owner"] = port.DeviceOwner,
            ["admin_state_up"] = port.AdminStateUp,
            ["status"] = port.Status,
            ["security_groups"] = Array(port.SecurityGroups),
            ["port_security_enabled"] = port.PortSecurityEnabled,
            ["allowed_address_pairs"] = new JsonArray(port.AllowedAddressPairs.Select(p => (JsonNode?)new JsonObject { ["ip_address"] = p.IpAddress, ["mac_address"] = p.MacAddress }).ToArray()),
        }, port);
        if (admin)
        {
            json["binding:host_id"] = port.Binding.HostId;
            json["binding:vnic_type"] = port.Binding.VnicType;
            json["binding:vif_type"] = port.Binding.VifType;
            json["binding:profile"] = new JsonObject(port.Binding.Profile.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
            json["binding:vif_details"] = port.Binding.VifType == "unbound" ? new JsonObject()
                : new JsonObject { ["port_filter"] = true, ["connectivity"] = "l2", ["bridge_name"] = "br-int", ["datapath_type"] = "system" };
        }
        else
        {
            json["binding:vnic_type"] = port.Binding.VnicType;
        }

        return json;
    }

    public static JsonObject SecurityGroup(SecurityGroupRecord group, NetworkStore store) => WithStandard(new JsonObject
    {
        ["id"] = group.Id,
        ["name"] = group.Name,
        ["stateful"] = group.Stateful,
        ["shared"] = false,
        ["security_group_rules"] = new JsonArray(store.RulesOf(group.Id).Select(r => (JsonNode?)SecurityGroupRule(r)).ToArray()),
    }, group);

    public static JsonObject SecurityGroupRule(SecurityGroupRuleRecord rule) => WithStandard(new JsonObject
    {
        ["id"] = rule.Id,
        ["security_group_id"] = rule.SecurityGroupId,
        ["direction"] = rule.Direction,
        ["ethertype"] = rule.Ethertype,
        ["protocol"] = rule.Protocol,
        ["port_range_min"] = rule.PortRangeMin,
        ["port_range_max"] = rule.PortRangeMax,
        ["remote_ip_prefix"] = rule.RemoteIpPrefix,
        ["remote_group_id"] = rule.RemoteGroupId,
        ["remote_address_group_id"] = null,
        ["normalized_cidr"] = rule.RemoteIpPrefix,
    }, rule);

    private static JsonObject WithStandard(JsonObject json, INeutronObject item)
    {
        json["project_id"] = item.ProjectId;
        json["tenant_id"] = item.ProjectId;
        json["description"] = item.Standard.Description;
        json["tags"] = Array(item.Standard.Tags);
        json["created_at"] = Time(item.Standard.CreatedAt);
        json["updated_at"] = Time(item.Standard.UpdatedAt);
        json["revision_number"] = item.Standard.RevisionNumber;
        return json;
    }

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());
}
