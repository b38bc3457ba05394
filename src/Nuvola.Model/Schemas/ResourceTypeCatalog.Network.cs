using static Nuvola.Model.Schemas.SchemaBuilder;

namespace Nuvola.Model.Schemas;

public static partial class ResourceTypeCatalog
{
    private static IEnumerable<ResourceTypeSchema> Network() =>
    [
        Type("OS::Neutron::Net", "Networking",
        [
            Str("name").Upd(), Map("value_specs").Upd(), Bool("admin_state_up").Upd().Def(true), Str("tenant_id"),
            Bool("shared").Upd().Def(false), List("dhcp_agent_ids").Upd(), Bool("port_security_enabled").Upd(),
            Str("qos_policy").Upd(), Str("dns_domain").Upd(), List("tags").Upd(), List("availability_zone_hints"),
        ],
        "status", "subnets", "admin_state_up", "name", "tenant_id", "mtu", "qos_policy_id", "l2_adjacency", "segments"),

        Type("OS::Neutron::Subnet", "Networking",
        [
            Str("network_id").Alias("network").Custom("neutron.network"), Str("network").Custom("neutron.network"),
            Str("subnetpool"), Int("prefixlen").Range(0, null), Str("cidr").Custom("net_cidr"),
            Int("ip_version").Def(4L).Allowed(4L, 6L), List("dns_nameservers").Upd(), Str("gateway_ip").Upd(),
            Bool("enable_dhcp").Upd().Def(true), Str("ipv6_address_mode").Allowed("dhcpv6-stateful", "dhcpv6-stateless", "slaac"),
            Str("ipv6_ra_mode").Allowed("dhcpv6-stateful", "dhcpv6-stateless", "slaac"),
            ListOfMaps("allocation_pools", Str("start").Req().Custom("ip_addr"), Str("end").Req().Custom("ip_addr")).Upd(),
            ListOfMaps("host_routes", Str("destination").Req().Custom("net_cidr"), Str("nexthop").Req().Custom("ip_addr")).Upd(),
            Map("value_specs").Upd(), Str("name").Upd(), Str("tenant_id"), List("tags").Upd(), Str("segment").Upd(),
            Bool("use_default_subnetpool"),
        ],
        "name", "network_id", "tenant_id", "allocation_pools", "gateway_ip", "host_routes", "ip_version", "cidr",
        "dns_nameservers", "enable_dhcp").OneOf("network", "network_id"),

        Type("OS::Neutron::Port", "Networking",
        [
            Str("network").Custom("neutron.network"), Str("network_id").Alias("network").Custom("neutron.network"),
            Str("name").Upd(), Map("value_specs").Upd(), Bool("admin_state_up").Upd().Def(true),
            ListOfMaps("fixed_ips", Str("subnet_id").Alias("subnet"), Str("subnet").Custom("neutron.subnet"), Str("ip_address").Custom("ip_addr")).Upd(),
            List("security_groups").Upd(), Str("replacement_policy").Upd().Def("AUTO").Allowed("REPLACE_ALWAYS", "AUTO"),
            Str("device_id").Upd(), Str("device_owner").Upd(), Str("mac_address").Custom("mac_addr"),
            ListOfMaps("allowed_address_pairs", Str("mac_address").Custom("mac_addr"), Str("ip_address").Req().Custom("ip_or_cidr")).Upd(),
            Str("binding:vnic_type").Upd().Allowed("normal", "direct", "macvtap", "direct-physical", "baremetal", "virtio-forwarder", "smart-nic"),
            Map("binding:profile").Upd(), Bool("port_security_enabled").Upd(), Str("qos_policy").Upd(), List("tags").Upd(),
            Str("dns_name").Upd(), Bool("propagate_uplink_status").Upd(), Bool("no_fixed_ips").Upd(),
        ],
        "admin_state_up", "device_id", "device_owner", "fixed_ips", "mac_address", "name", "network_id", "security_groups",
        "status", "tenant_id", "allowed_address_pairs", "subnets", "dns_assignment", "qos_policy_id").OneOf("network", "network_id"),

        Type("OS::Neutron::Router", "Networking",
        [
            Str("name").Upd(),
            Map("external_gateway_info",
                Str("network").Req().Custom("neutron.network"), Bool("enable_snat"),
                ListOfMaps("external_fixed_ips", Str("ip_address").Custom("ip_addr"), Str("subnet").Custom("neutron.subnet"))).Upd(),
            Map("value_specs").Upd(), Bool("admin_state_up").Upd().Def(true), List("l3_agent_ids").Upd(), Bool("distributed"),
            Bool("ha"), List("availability_zone_hints"), List("tags").Upd(),
        ],
        "status", "external_gateway_info", "name", "admin_state_up", "tenant_id"),

        Type("OS::Neutron::RouterInterface", "Networking",
        [
            Str("router").Custom("neutron.router"), Str("router_id").Alias("router"),
            Str("subnet").Custom("neutron.subnet"), Str("subnet_id").Alias("subnet"),
            Str("port").Custom("neutron.port"), Str("port_id").Alias("port"),
        ]).OneOf("router", "router_id").OneOf("subnet", "subnet_id", "port", "port_id"),

        Type("OS::Neutron::FloatingIP", "Networking",
        [
            Str("floating_network").Custom("neutron.network"), Str("floating_network_id").Alias("floating_network"),
            Map("value_specs"), Str("port_id").Upd().Custom("neutron.port"), Str("fixed_ip_address").Upd().Custom("ip_addr"),
            Str("floating_ip_address").Custom("ip_addr"), Str("floating_subnet").Custom("neutron.subnet"), Str("dns_name"),
            Str("dns_domain"), List("tags").Upd(),
        ],
        "router_id", "tenant_id", "floating_network_id", "fixed_ip_address", "floating_ip_address", "port_id")
            .OneOf("floating_network", "floating_network_id"),

        Type("OS::Neutron::FloatingIPAssociation", "Networking",
        [
            Str("floatingip_id").Req().Upd(), Str("port_id").Req().Upd().Custom("neutron.port"),
            Str("fixed_ip_address").Upd().Custom("ip_addr"),
        ]),

        Type("OS::Neutron::SecurityGroup", "Networking",
        [
            Str("name").Upd(), Str("description").Upd(),
            ListOfMaps("rules",
                Str("direction").Def("ingress").Allowed("ingress", "egress"), Str("ethertype").Def("IPv4").Allowed("IPv4", "IPv6"),
                Int("port_range_min").Range(0, 65535), Int("port_range_max").Range(0, 65535), Str("protocol"),
                Str("remote_mode").Def("remote_ip_prefix").Allowed("remote_ip_prefix", "remote_group_id"),
                Str("remote_group_id"), Str("remote_ip_prefix").Custom("net_cidr")).Upd(),
            List("tags").Upd(),
        ]),

        Type("OS::Neutron::SecurityGroupRule", "Networking",
        [
            Str("security_group").Req(), Str("description"), Str("direction").Def("ingress").Allowed("ingress", "egress"),
            Str("ethertype").Def("IPv4").Allowed("IPv4", "IPv6"), Int("port_range_min").Range(0, 65535),
            Int("port_range_max").Range(0, 65535), Str("protocol"), Str("remote_group"), Str("remote_ip_prefix").Custom("net_cidr"),
        ]),
    ];
}
