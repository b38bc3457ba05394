using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Image;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>POST /volumes/{id}/action: extend, bootable, readonly, reserve/detach bookkeeping, upload to image, reset status.</summary>
public static partial class VolumeEndpoints
{
    private static async Task<IResult> Action(HttpContext context, VolumeStore store, ImageStore images, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var volume = store.RequireVolume(caller, id);
        RequireWriter(caller);
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (body.Count != 1)
        {
            throw ApiException.BadRequest("There is no such action: the body must name exactly one action.");
        }

        var (name, argument) = body.First();
        var arguments = argument as JsonObject ?? [];
        var now = store.Time.GetUtcNow();
        switch (name)
        {
            case "os-extend":
                Extend(store, volume, arguments, now);
                return Results.StatusCode(202);
            case "os-set_bootable":
                store.Volumes.Put(id, volume with { Bootable = VolumeInput.RequireBool(arguments, "bootable"), UpdatedAt = now });
                return Results.Ok();
            case "os-update_readonly_flag":
                store.Volumes.Put(id, volume with { ReadOnly = VolumeInput.RequireBool(arguments, "readonly"), UpdatedAt = now });
                return Results.StatusCode(202);
            case "os-reserve":
                Transition(store, volume, [VolumeStatus.Available], VolumeStatus.Attaching, now);
                return Results.StatusCode(202);
            case "os-unreserve":
                Transition(store, volume, [VolumeStatus.Attaching], VolumeStatus.Available, now);
                return Results.StatusCode(202);
            case "os-begin_detaching":
                Transition(store, volume, [VolumeStatus.InUse], VolumeStatus.Detaching, now);
                return Results.StatusCode(202);
            case "os-roll_detaching":
                Transition(store, volume, [VolumeStatus.Detaching], VolumeStatus.InUse, now);
                return Results.StatusCode(202);
            case "os-attach":
                AttachDirectly(store, id, arguments, now);
                return Results.StatusCode(202);
            case "os-detach":
                DetachDirectly(store, id, VolumeInput.OptionalString(arguments, "attachment_id"), now);
                return Results.StatusCode(202);
            case "os-reset_status":
                if (!caller.IsAdmin)
                {
                    throw ApiException.Forbidden($"Policy doesn't allow volume_extension:volume_admin_actions:reset_status to be performed.");
                }

                var status = VolumeInput.OptionalString(arguments, "status") ?? throw ApiException.BadRequest("Must specify 'status'");
                store.Volumes.Put(id, volume with { Status = status, UpdatedAt = now });
                return Results.StatusCode(202);
            case "os-volume_upload_image":
                return Results.Json(new JsonObject { ["os-volume_upload_image"] = Upload(caller, store, images, volume, arguments, now) }, statusCode: 202);
            default:
                throw ApiException.BadRequest($"There is no such action: {name}");
        }
    }

    private static void Extend(VolumeStore store, VolumeRecord volume, JsonObject arguments, DateTimeOffset now)
    {
        var size = VolumeInput.OptionalSize(arguments, "new_size") ?? throw ApiException.BadRequest("Invalid input for field/attribute new_size. 'new_size' is a required property.");
        lock (store.Sync)
        {
            volume = store.Volumes.Find(volume.Id) ?? volume;
            if (volume.Status != VolumeStatus.Available)
            {
                throw ApiException.BadRequest($"Invalid volume: Volume status must be 'available' to extend, currently in '{volume.Status}'.");
            }

            if (size <= volume.Size)
            {
                throw ApiException.BadRequest($"Invalid input received: New size for extend must be greater than current size. (current: {volume.Size}, extended: {size}).");
            }

            VolumeQuotas.CheckGigabytes(store.QuotaOf(volume.ProjectId), VolumeQuotas.Usage(store, volume.ProjectId).Gigabytes, size - volume.Size);
            store.Grow(store.VolumePath(volume.Id), size);
            store.Volumes.Put(volume.Id, volume with { Size = size, UpdatedAt = now });
        }
    }

    /// <summary>os-attach (the flow before attachments): records an attachment to an instance or a host; the volume is in-use.</summary>
    private static void AttachDirectly(VolumeStore store, string id, JsonObject arguments, DateTimeOffset now)
    {
        var instance = VolumeInput.OptionalString(arguments, "instance_uuid");
        var host = VolumeInput.OptionalString(arguments, "host_name");
        var mountpoint = VolumeInput.OptionalString(arguments, "mountpoint") ?? throw ApiException.BadRequest("Must specify 'mountpoint'");
        var mode = VolumeInput.OptionalString(arguments, "mode") ?? "rw";
        if (instance is null == (host is null))
        {
            throw ApiException.BadRequest("Invalid request to attach volume to an invalid target");
        }

        if (mode is not ("rw" or "ro"))
        {
            throw ApiException.BadRequest("Invalid request to attach volume with an invalid mode. Attaching mode should be 'rw' or 'ro'");
        }

        lock (store.Sync)
        {
            var volume = store.Volumes.Find(id) ?? throw ApiException.NotFound($"Volume {id} could not be found.");
            string[] allowed = volume.Multiattach
                ? [VolumeStatus.Available, VolumeStatus.Attaching, VolumeStatus.Reserved, VolumeStatus.InUse]
                : [VolumeStatus.Available, VolumeStatus.Attaching, VolumeStatus.Reserved];
            if (!allowed.Contains(volume.Status))
            {
                throw ApiException.BadRequest($"Invalid volume: Volume {id} status must be {string.Join(" or ", allowed)} to attach, but the current status is {volume.Status}.");
            }

            var attachment = new VolumeAttachmentRecord(Guid.NewGuid().ToString(), id, instance, host, mountpoint, AttachStatus.Attached, mode, now);
            store.Volumes.Put(id, volume with { Status = VolumeStatus.InUse, Attachments = [.. volume.Attachments.Where(a => a.AttachStatus == AttachStatus.Attached), attachment], UpdatedAt = now });
        }
    }

    /// <summary>os-detach: forgets the attachment (the only one when none is named); the volume is available when none remains.</summary>
    private static void DetachDirectly(VolumeStore store, string id, string? attachmentId, DateTimeOffset now)
    {
        lock (store.Sync)
        {
            var volume = store.Volumes.Find(id) ?? throw ApiException.NotFound($"Volume {id} could not be found.");
            if (volume.Status is not (VolumeStatus.InUse or VolumeStatus.Detaching) || volume.Attachments.Count == 0)
            {
                throw ApiException.BadRequest("Invalid volume: Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.");
            }

            if (attachmentId is null && volume.Attachments.Count > 1)
            {
                throw ApiException.BadRequest("Invalid volume: Volume has more than one attachment; specify an attachment_id to detach.");
            }

            var target = attachmentId is null ? volume.Attachments[0] : volume.Attachments.FirstOrDefault(a => a.Id == attachmentId)
                ?? throw ApiException.NotFound($"Volume attachment could not be found with filter: attachment_id = {attachmentId}.");
            var remaining = volume.Attachments.Where(a => a.Id != target.Id).ToList();
            store.Volumes.Put(id, volume with { Status = remaining.Count > 0 ? VolumeStatus.InUse : VolumeStatus.Available, Attachments = remaining, UpdatedAt = now });
        }
    }

    private static void Transition(VolumeStore store, VolumeRecord volume, string[] from, string to, DateTimeOffset now)
    {
        if (!from.Contains(volume.Status))
        {
            throw ApiException.BadRequest($"Invalid volume: Volume status must be {string.Join(" or ", from)}, currently {volume.Status}.");
        }

        store.Volumes.Put(volume.Id, volume with { Status = to, UpdatedAt = now });
    }

    private static JsonObject Upload(AuthContext caller, VolumeStore store, ImageStore images, VolumeRecord volume, JsonObject arguments, DateTimeOffset now)
    {
        if (volume.Status is not (VolumeStatus.Available or VolumeStatus.InUse))
        {
            throw ApiException.BadRequest($"Invalid volume: Volume status must be available or in-use, currently {volume.Status}.");
        }

        var name = VolumeInput.OptionalString(arguments, "image_name") ?? throw ApiException.BadRequest("No image_name was specified in request.");
        var diskFormat = VolumeInput.OptionalString(arguments, "disk_format") ?? "raw";
        var containerFormat = VolumeInput.OptionalString(arguments, "container_format") ?? "bare";
        if (diskFormat is not ("raw" or "vmdk" or "vdi" or "qcow2" or "vhd" or "vhdx" or "ploop"))
        {
            throw ApiException.BadRequest($"Invalid disk-format '{diskFormat}' specified. Allowed disk-formats are raw, vmdk, vdi, qcow2, vhd, vhdx, ploop.");
        }

        var visibility = VolumeInput.OptionalString(arguments, "visibility") ?? ImageStatus.Private;
        var imageId = Guid.NewGuid().ToString();
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in volume.ImageMetadata)
        {
            if (key is not ("image_id" or "image_name" or "min_disk" or "min_ram" or "size" or "checksum"))
            {
                properties[key] = value;
            }
        }

        var image = images.New(imageId, caller.ProjectId, now) with
        {
            Name = name,
            Visibility = visibility,
            DiskFormat = diskFormat,
            ContainerFormat = containerFormat,
            MinDisk = volume.Size,
            Properties = properties,
        };
        image = images.WithData(image, UploadData(store, volume));
        images.Images.Put(imageId, image);
        return new JsonObject
        {
            ["id"] = volume.Id,
            ["updated_at"] = VolumeJson.Time(now),
            ["status"] = VolumeStatus.Uploading,
            ["display_description"] = volume.Description,
            ["size"] = volume.Size,
            ["volume_type"] = store.Types.Values.FirstOrDefault(t => t.Name == volume.VolumeType) is { } type ? VolumeJson.Type(type) : null,
            ["image_id"] = imageId,
            ["container_format"] = containerFormat,
            ["disk_format"] = diskFormat,
            ["image_name"] = name,
            ["protected"] = false,
            ["visibility"] = visibility,
        };
    }

    /// <summary>The volume's written head (up to 1 MiB, trailing zeros dropped): enough to carry an image's data round trip without writing GiBs.</summary>
    private static byte[] UploadData(VolumeStore store, VolumeRecord volume)
    {
        var path = store.VolumePath(volume.Id);
        if (!File.Exists(path))
        {
            return ImageStore.PlaceholderData(volume.Id);
        }

        using var file = File.OpenRead(path);
        var buffer = new byte[1024 * 1024];
        var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var end = buffer.AsSpan(0, read).LastIndexOfAnyExcept((byte)0) + 1;
        return end == 0 ? ImageStore.PlaceholderData(volume.Id) : buffer[..end];
    }
}
