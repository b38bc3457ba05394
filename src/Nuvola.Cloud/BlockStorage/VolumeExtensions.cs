using System.Text.Json.Nodes;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>The Cinder API extensions this cloud actually implements, as GET /extensions lists them.</summary>
public static class VolumeExtensions
{
    private static readonly (string Alias, string Name, string Description)[] Known =
    [
        ("os-admin-actions", "AdminActions", "Enable admin actions."),
        ("os-availability-zone", "AvailabilityZones", "Describe Availability Zones."),
        ("os-extended-snapshot-attributes", "ExtendedSnapshotAttributes", "Extended SnapshotAttributes support."),
        ("os-quota-sets", "Quotas", "Quota management support."),
        ("os-types-extra-specs", "TypesExtraSpecs", "Type extra specs support."),
        ("os-types-manage", "TypesManage", "Types manage support."),
        ("os-used-limits", "UsedLimits", "Provide data on limited resources that are being used."),
        ("os-vol-host-attr", "VolumeHostAttribute", "Expose host as an attribute of a volume."),
        ("os-vol-image-meta", "VolumeImageMetadata", "Show image metadata associated with the volume."),
        ("os-vol-tenant-attr", "VolumeTenantAttribute", "Expose the internal project_id as an attribute of a volume."),
        ("os-volume-actions", "VolumeActions", "Enable volume actions."),
    ];

    public static JsonArray List()
    {
        var items = new JsonArray();
        foreach (var (alias, name, description) in Known)
        {
            items.Add(new JsonObject
            {
                ["alias"] = alias,
                ["name"] = name,
                ["description"] = description,
                ["links"] = new JsonArray(),
                ["updated"] = "2016-02-08T00:00:00+00:00",
            });
        }

        return items;
    }
}
