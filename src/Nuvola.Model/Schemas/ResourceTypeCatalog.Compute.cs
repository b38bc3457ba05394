using static Nuvola.Model.Schemas.SchemaBuilder;

namespace Nuvola.Model.Schemas;

public static partial class ResourceTypeCatalog
{
    private static IEnumerable<ResourceTypeSchema> Compute() =>
    [
        Type("OS::Nova::Server", "Compute",
        [
            Str("name").Upd(),
            Str("image").Upd().Custom("glance.image"),
            Str("flavor").Req().Upd().Custom("nova.flavor"),
            Str("flavor_update_policy").Upd().Def("RESIZE").Allowed("RESIZE", "REPLACE"),
            Str("image_update_policy").Upd().Def("REBUILD").Allowed("REBUILD", "REPLACE", "REBUILD_PRESERVE_EPHEMERAL"),
            Str("key_name").Custom("nova.keypair"),
            Str("admin_user"),
            Str("availability_zone"),
            List("security_groups").Upd(),
            ListOfMaps("networks",
                Str("uuid").Alias("network"), Str("network").Custom("neutron.network"), Str("allocate_network").Allowed("none", "auto"),
                Str("fixed_ip").Custom("ip_addr"), Str("floating_ip"), Str("port").Custom("neutron.port"), Map("port_extra_properties"),
                Str("subnet"), Str("tag")).Upd(),
            ListOfMaps("block_device_mapping",
                Str("device_name").Req(), Str("volume_id").Custom("cinder.volume"), Str("snapshot_id").Custom("cinder.snapshot"),
                Int("volume_size"), Bool("delete_on_termination")),
            ListOfMaps("block_device_mapping_v2",
                Str("device_name"), Str("volume_id").Custom("cinder.volume"), Str("image_id").Alias("image"), Str("image").Custom("glance.image"),
                Str("snapshot_id").Custom("cinder.snapshot"), Int("swap_size"), Str("device_type").Allowed("cdrom", "disk"),
                Str("disk_bus").Allowed("ide", "lame_bus", "scsi", "usb", "virtio"), Int("boot_index"), Int("volume_size"),
                Bool("delete_on_termination"), Int("ephemeral_size"), Str("ephemeral_format")),
            Map("scheduler_hints"),
            Map("metadata").Upd(),
            Str("user_data_format").Def("HEAT_CFNTOOLS").Allowed("HEAT_CFNTOOLS", "RAW", "SOFTWARE_CONFIG"),
            Str("software_config_transport").Upd().Def("POLL_SERVER_CFN").Allowed("POLL_SERVER_CFN", "POLL_SERVER_HEAT", "POLL_TEMP_URL", "ZAQAR_MESSAGE"),
            Str("user_data_update_policy").Upd().Def("REPLACE").Allowed("REPLACE", "IGNORE"),
            Str("user_data").Upd().Def(""),
            Str("reservation_id"),
            Bool("config_drive"),
            Str("diskConfig").Allowed("AUTO", "MANUAL"),
            Map("personality").Upd(),
            Str("admin_pass").Upd().Secret(),
            Map("deployment_swift_data"),
            List("tags").Upd(),
        ],
        "accessIPv4", "accessIPv6", "addresses", "console_urls", "first_address", "instance_name", "name", "networks",
        "os_collect_config", "tags"),

        Type("OS::Nova::KeyPair", "Compute",
        [
            Str("name").Req().Length(1, 255),
            Bool("save_private_key").Def(false),
            Str("public_key"),
            Str("type").Allowed("ssh", "x509"),
            Str("user").Custom("keystone.user"),
        ],
        "public_key", "private_key"),

        Type("OS::Nova::ServerGroup", "Compute",
        [
            Str("name"),
            List("policies").Def(new List<object?> { "anti-affinity" }),
            Map("rules"),
        ]),

        Type("OS::Nova::Flavor", "Compute",
        [
            Str("name"),
            Int("ram").Req().Range(1, null),
            Int("vcpus").Req().Range(1, null),
            Int("disk").Def(0L).Range(0, null),
            Int("swap").Def(0L).Range(0, null),
            Int("ephemeral").Def(0L).Range(0, null),
            Num("rxtx_factor").Def(1.0),
            Bool("is_public").Def(true),
            List("tenants").Upd(),
            Map("extra_specs").Upd(),
            Str("description").Upd(),
        ],
        "is_public", "extra_specs", "name"),
    ];
}
