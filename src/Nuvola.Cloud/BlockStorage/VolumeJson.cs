using System.Globalization;
using System.Text.Json.Nodes;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>Cinder's wire shapes of volumes and snapshots (3.0 up to 3.60, as Tempest's response schemas give them).</summary>
public static class VolumeJson
{
    /// <summary>The one volume service's id, as 3.48+ shows it on volumes.</summary>
    public const string ServiceUuid = "5bd2bd43-9b4d-4c5e-9f0b-7a52b0d0c1a1";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    public static JsonNode? TimeOrNull(DateTimeOffset? time) => time is { } value ? Time(value) : null;

    public static JsonArray Links(string baseUrl, string projectId, string collection, string id) => new(
        new JsonObject { ["href"] = $"{baseUrl}/volume/v3/{projectId}/{collection}/{id}", ["rel"] = "self" },
        new JsonObject { ["href"] = $"{baseUrl}/volume/{projectId}/{collection}/{id}", ["rel"] = "bookmark" });

    public static JsonObject Map(IReadOnlyDictionary<string, string> values)
    {
        var json = new JsonObject();
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json[key] = value;
        }

        return json;
    }

    public static JsonObject Summary(VolumeRecord volume, string baseUrl) => new()
    {
        ["id"] = volume.Id,
        ["links"] = Links(baseUrl, volume.ProjectId, "volumes", volume.Id),
        ["name"] = volume.Name,
    };

    public static JsonObject Volume(VolumeRecord volume, string baseUrl, bool admin, int minor, string? statusOverride = null, bool withImageMetadata = true)
    {
        var json = new JsonObject
        {
            ["id"] = volume.Id,
            ["name"] = volume.Name,
            ["description"] = volume.Description,
            ["status"] = statusOverride ?? volume.Status,
            ["size"] = volume.Size,
            ["availability_zone"] = volume.AvailabilityZone,
            ["created_at"] = Time(volume.CreatedAt),
            ["updated_at"] = TimeOrNull(volume.UpdatedAt),
            ["attachments"] = Attachments(volume),
            ["bootable"] = volume.Bootable ? "true" : "false",
            ["encrypted"] = false,
            ["multiattach"] = volume.Multiattach,
            ["volume_type"] = volume.VolumeType,
            ["snapshot_id"] = volume.SnapshotId,
            ["source_volid"] = volume.SourceVolumeId,
            ["metadata"] = Map(volume.Metadata),
            ["user_id"] = volume.UserId,
            ["links"] = Links(baseUrl, volume.ProjectId, "volumes", volume.Id),
            ["consistencygroup_id"] = null,
            ["replication_status"] = null,
            ["migration_status"] = null,
        };
        if (volume.ReadOnly is { } readOnly)
        {
            ((JsonObject)json["metadata"]!)["readonly"] = readOnly ? "True" : "False";
        }

        if (withImageMetadata && volume.ImageMetadata.Count > 0)
        {
            json["volume_image_metadata"] = Map(volume.ImageMetadata);
        }

        AddVersionedVolumeFields(json, minor);
        if (admin)
        {
            json["os-vol-tenant-attr:tenant_id"] = volume.ProjectId;
            json["os-vol-host-attr:host"] = "nuvola@lvmdriver-1#lvmdriver-1";
            json["os-vol-mig-status-attr:migstat"] = null;
            json["os-vol-mig-status-attr:name_id"] = null;
        }

        return json;
    }

    /// <summary>The attached (not reserved) attachments, as Cinder lists them on a volume: id is the volume's id.</summary>
    public static JsonArray Attachments(VolumeRecord volume)
    {
        var list = new JsonArray();
        foreach (var attachment in volume.Attachments.Where(a => a.AttachStatus == AttachStatus.Attached))
        {
            list.Add(new JsonObject
            {
                ["id"] = volume.Id,
                ["attachment_id"] = attachment.Id,
                ["volume_id"] = volume.Id,
                ["server_id"] = attachment.InstanceId,
                ["host_name"] = attachment.HostName,
                ["device"] = attachment.Mountpoint,
                ["attached_at"] = TimeOrNull(attachment.AttachedAt),
            });
        }

        return list;
    }

    public static JsonObject Snapshot(SnapshotRecord snapshot, bool detail, int minor)
    {
        var json = new JsonObject
        {
            ["id"] = snapshot.Id,
            ["name"] = snapshot.Name,
            ["description"] = snapshot.Description,
            ["volume_id"] = snapshot.VolumeId,
            ["status"] = snapshot.Status,
            ["size"] = snapshot.Size,
            ["metadata"] = Map(snapshot.Metadata),
            ["created_at"] = Time(snapshot.CreatedAt),
            ["updated_at"] = TimeOrNull(snapshot.UpdatedAt),
        };
        if (minor >= 14)
        {
            json["group_snapshot_id"] = null;
        }

        if (minor >= 41)
        {
            json["user_id"] = snapshot.UserId;
        }

        if (detail)
        {
            json["os-extended-snapshot-attributes:progress"] = "100%";
            json["os-extended-snapshot-attributes:project_id"] = snapshot.ProjectId;
        }

        return json;
    }

    /// <summary>Fields that microversions added to the volume view: group_id (3.13), provider_id (3.21), service_uuid and shared_targets (3.48).</summary>
    private static void AddVersionedVolumeFields(JsonObject json, int minor)
    {
        if (minor >= 13)
        {
            json["group_id"] = null;
        }

        if (minor >= 21)
        {
            json["provider_id"] = null;
        }

        if (minor >= 48)
        {
            json["service_uuid"] = ServiceUuid;
            json["shared_targets"] = false;
        }
    }

    public static JsonObject Type(VolumeTypeRecord type, bool withQos = true)
    {
        var json = new JsonObject
        {
            ["id"] = type.Id,
            ["name"] = type.Name,
            ["description"] = type.Description,
            ["is_public"] = type.IsPublic,
            ["os-volume-type-access:is_public"] = type.IsPublic,
            ["extra_specs"] = Map(type.ExtraSpecs),
        };
        if (withQos)
        {
            json["qos_specs_id"] = null;
        }

        return json;
    }
}
