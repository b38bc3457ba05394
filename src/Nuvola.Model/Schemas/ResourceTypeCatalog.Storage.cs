using static Nuvola.Model.Schemas.SchemaBuilder;

namespace Nuvola.Model.Schemas;

public static partial class ResourceTypeCatalog
{
    private static IEnumerable<ResourceTypeSchema> Storage() =>
    [
        Type("OS::Cinder::Volume", "Block Storage",
        [
            Str("availability_zone"), Int("size").Upd().Range(1, null), Str("snapshot_id").Custom("cinder.snapshot"),
            Str("backup_id").Upd().Custom("cinder.backup"), Str("name").Upd(), Str("description").Upd(),
            Str("volume_type").Upd().Custom("cinder.vtype"), Map("metadata").Upd(), Str("image").Custom("glance.image"),
            Str("source_volid").Custom("cinder.volume"), Str("consistencygroup_id"), Map("scheduler_hints"),
            Bool("read_only").Upd(), Bool("multiattach"), Str("group"),
        ],
        "availability_zone", "size", "snapshot_id", "display_name", "display_description", "volume_type", "metadata",
        "source_volid", "status", "created_at", "bootable", "metadata_values", "encrypted", "attachments",
        "attachments_list", "multiattach"),

        Type("OS::Cinder::VolumeAttachment", "Block Storage",
        [
            Str("instance_uuid").Req().Upd(), Str("volume_id").Req().Upd().Custom("cinder.volume"), Str("mountpoint").Upd(),
        ]),

        Type("OS::Glance::WebImage", "Image",
        [
            Str("name"), Str("id"), Str("location").Req(),
            Str("container_format").Req().Allowed("ami", "ari", "aki", "bare", "ovf", "ova", "docker"),
            Str("disk_format").Req().Allowed("ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop"),
            Int("min_disk").Def(0L).Range(0, null), Int("min_ram").Def(0L).Range(0, null), Bool("protected").Upd().Def(false),
            Str("visibility").Upd().Def("private").Allowed("public", "private", "community", "shared"), List("tags").Upd(),
            Str("os_distro"), Str("os_version"), Str("owner"), Str("architecture"), Str("kernel_id"), Str("ramdisk_id"),
            Map("extra_properties").Upd(),
        ],
        "status", "checksum", "size", "name", "visibility", "tags"),
    ];
}
