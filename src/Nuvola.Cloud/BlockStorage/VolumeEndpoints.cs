using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Image;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>Cinder volumes: create (empty, from snapshot, volume or image), show, update, delete.</summary>
public static partial class VolumeEndpoints
{
    public static IEndpointRouteBuilder MapVolumes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapVolumeApi();
        group.MapPost("/volumes", Create);
        group.MapGet("/volumes", List);
        group.MapGet("/volumes/detail", Detail);
        group.MapGet("/volumes/{id}", Show);
        group.MapPut("/volumes/{id}", Update);
        group.MapDelete("/volumes/{id}", Delete);
        group.MapPost("/volumes/{id}/action", Action);
        group.MapMethods("/volumes", ["PUT", "DELETE"], NoVolumeId);
        return routes;
    }

    private static async Task<IResult> Create(HttpContext context, VolumeStore store, IImageCatalog images, ImageStore imageStore, PublicUrls urls, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var projectId = caller.RequireProject();
        RequireWriter(caller);
        var body = await VolumeInput.ReadEntityAsync(context.Request, "volume", cancellationToken);
        var size = VolumeInput.OptionalSize(body, "size");
        var name = VolumeInput.OptionalString(body, "name") ?? VolumeInput.OptionalString(body, "display_name");
        var description = VolumeInput.OptionalString(body, "description") ?? VolumeInput.OptionalString(body, "display_description");
        var metadata = VolumeInput.OptionalMetadata(body, "metadata") ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var zone = VolumeInput.OptionalString(body, "availability_zone");
        if (zone is not null && zone != VolumeStore.AvailabilityZone)
        {
            throw ApiException.BadRequest($"Availability zone '{zone}' is invalid.");
        }

        var typeName = VolumeInput.OptionalString(body, "volume_type");
        var type = typeName is null ? store.DefaultType() : store.RequireType(typeName, caller);
        var snapshotId = VolumeInput.OptionalString(body, "snapshot_id");
        var sourceId = VolumeInput.OptionalString(body, "source_volid");
        var imageId = VolumeInput.OptionalString(body, "imageRef") ?? VolumeInput.OptionalString(body, "image_id");
        var multiattach = body["multiattach"] is not null && VolumeInput.RequireBool(body, "multiattach");

        var snapshot = snapshotId is null ? null : store.RequireSnapshot(caller, snapshotId);
        var source = sourceId is null ? null : store.RequireVolume(caller, sourceId);
        ImageSummary? image = null;
        if (imageId is not null)
        {
            image = images.Find(caller, imageId);
            if (image is null || image.Status != ImageStatus.Active)
            {
                throw ApiException.BadRequest($"Invalid image identifier or unable to access requested image. (image {imageId})");
            }
        }

        var minimum = snapshot?.Size ?? source?.Size ?? (image is null ? 0 : Math.Max(image.MinDisk, (int)Math.Ceiling((image.Size ?? 0) / (double)VolumeStore.GiB)));
        size ??= minimum > 0 ? minimum : throw ApiException.BadRequest("Invalid input received: size is a required parameter for a volume created without a source.");
        if (size < minimum)
        {
            throw ApiException.BadRequest($"Invalid input received: Volume size '{size}GB' cannot be smaller than the source size '{minimum}GB'.");
        }

        var now = store.Time.GetUtcNow();
        var volume = new VolumeRecord(
            Guid.NewGuid().ToString(), projectId, caller.UserId, name, description, size.Value, VolumeStatus.Available, VolumeStore.AvailabilityZone,
            type.Name, image is not null || source?.Bootable == true || (snapshot is not null && store.Volumes.Find(snapshot.VolumeId)?.Bootable == true),
            null, multiattach, snapshot?.Id, source?.Id, image?.Id, metadata, ImageMetadata(image), now, now);
        lock (store.Sync)
        {
            VolumeQuotas.CheckVolume(store, projectId, size.Value, extraCount: 1);
            store.Volumes.Put(volume.Id, volume);
        }

        var path = store.VolumePath(volume.Id);
        if (snapshot is not null)
        {
            store.CopyInto(store.SnapshotPath(snapshot.Id), path, volume.Size);
        }
        else if (source is not null)
        {
            store.CopyInto(store.VolumePath(source.Id), path, volume.Size);
        }
        else if (image is not null && imageStore.HasData(image.Id))
        {
            using var data = File.OpenRead(imageStore.DataPath(image.Id));
            store.CreateFrom(path, data, volume.Size);
        }
        else
        {
            store.CreateSparse(path, volume.Size);
        }

        return Results.Json(new JsonObject { ["volume"] = VolumeJson.Volume(volume, urls.For(context), caller.IsAdmin, VolumeRequest.MinorOf(context), VolumeStatus.Creating, withImageMetadata: false) }, statusCode: 202);
    }

    private static IResult Show(HttpContext context, VolumeStore store, PublicUrls urls, string id)
    {
        var caller = context.Auth();
        var volume = store.RequireVolume(caller, id);
        return Results.Json(new JsonObject { ["volume"] = VolumeJson.Volume(volume, urls.For(context), caller.IsAdmin, VolumeRequest.MinorOf(context)) });
    }

    private static async Task<IResult> Update(HttpContext context, VolumeStore store, PublicUrls urls, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var volume = store.RequireVolume(caller, id);
        RequireWriter(caller);
        var body = await VolumeInput.ReadEntityAsync(context.Request, "volume", cancellationToken);
        var name = body.ContainsKey("name") ? VolumeInput.OptionalString(body, "name") : body.ContainsKey("display_name") ? VolumeInput.OptionalString(body, "display_name") : volume.Name;
        var description = body.ContainsKey("description") ? VolumeInput.OptionalString(body, "description")
            : body.ContainsKey("display_description") ? VolumeInput.OptionalString(body, "display_description") : volume.Description;
        var metadata = VolumeInput.OptionalMetadata(body, "metadata") ?? volume.Metadata;
        volume = volume with { Name = name, Description = description, Metadata = metadata, UpdatedAt = store.Time.GetUtcNow() };
        store.Volumes.Put(volume.Id, volume);
        return Results.Json(new JsonObject { ["volume"] = VolumeJson.Volume(volume, urls.For(context), caller.IsAdmin, VolumeRequest.MinorOf(context), withImageMetadata: false) });
    }

    private static IResult Delete(HttpContext context, VolumeStore store, string id)
    {
        var caller = context.Auth();
        var volume = store.RequireVolume(caller, id);
        RequireWriter(caller);
        var cascade = string.Equals(context.Request.Query["cascade"], "true", StringComparison.OrdinalIgnoreCase);
        lock (store.Sync)
        {
            if (volume.Status is not (VolumeStatus.Available or VolumeStatus.Error or "error_restoring" or "error_extending" or "error_managing"))
            {
                throw ApiException.BadRequest($"Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer. (volume {id} is {volume.Status})");
            }

            var snapshots = store.Snapshots.Values.Where(s => s.VolumeId == id).ToList();
            if (snapshots.Count > 0 && !cascade)
            {
                throw ApiException.BadRequest("Invalid volume: Volume still has 1 dependent snapshots.".Replace("1", snapshots.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            }

            foreach (var snapshot in snapshots)
            {
                store.Snapshots.Remove(snapshot.Id);
                VolumeStore.DeleteFile(store.SnapshotPath(snapshot.Id));
            }

            store.Volumes.Remove(id);
        }

        VolumeStore.DeleteFile(store.VolumePath(id));
        return Results.StatusCode(202);
    }

    /// <summary>PUT or DELETE /volumes/ (an empty volume id): Cinder's 404.</summary>
    private static IResult NoVolumeId() => throw ApiException.NotFound("The resource could not be found.");

    public static void RequireWriter(AuthContext caller)
    {
        if (!caller.CanWrite)
        {
            throw ApiException.Forbidden("Policy doesn't allow this operation to be performed.");
        }
    }

    private static Dictionary<string, string> ImageMetadata(ImageSummary? image)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (image is null)
        {
            return result;
        }

        result["image_id"] = image.Id;
        result["image_name"] = image.Name;
        result["min_disk"] = image.MinDisk.ToString(System.Globalization.CultureInfo.InvariantCulture);
        result["min_ram"] = image.MinRam.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (image.Size is { } bytes)
        {
            result["size"] = bytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }
}
