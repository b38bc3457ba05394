using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Image;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>What a new volume is made from; at most one of SnapshotId, SourceVolumeId and ImageId.</summary>
public sealed record VolumeDraft(
    int? Size,
    string? Name = null,
    string? Description = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    string? TypeName = null,
    string? SnapshotId = null,
    string? SourceVolumeId = null,
    string? ImageId = null,
    bool Multiattach = false);

/// <summary>
/// Creates a volume (record and backing file): empty, or a copy of a snapshot, another volume or an image, within
/// the project's quota. Used by POST /volumes and by Compute's boot volumes; refusals are Cinder's ApiExceptions.
/// </summary>
public sealed class VolumeCreation(VolumeStore store, IImageCatalog images, ImageStore imageStore)
{
    public VolumeRecord Create(AuthContext caller, string projectId, VolumeDraft draft)
    {
        var type = draft.TypeName is null ? store.DefaultType() : store.RequireType(draft.TypeName, caller);
        var snapshot = draft.SnapshotId is null ? null : store.RequireSnapshot(caller, draft.SnapshotId);
        var source = draft.SourceVolumeId is null ? null : store.RequireVolume(caller, draft.SourceVolumeId);
        ImageSummary? image = null;
        if (draft.ImageId is { } imageId)
        {
            image = images.Find(caller, imageId);
            if (image is null || image.Status != ImageStatus.Active)
            {
                throw ApiException.BadRequest($"Invalid image identifier or unable to access requested image. (image {imageId})");
            }
        }

        var minimum = snapshot?.Size ?? source?.Size ?? (image is null ? 0 : Math.Max(image.MinDisk, (int)Math.Ceiling((image.Size ?? 0) / (double)VolumeStore.GiB)));
        var size = draft.Size ?? (minimum > 0 ? minimum : throw ApiException.BadRequest("Invalid input received: size is a required parameter for a volume created without a source."));
        if (size < minimum)
        {
            throw ApiException.BadRequest($"Invalid input received: Volume size '{size}GB' cannot be smaller than the source size '{minimum}GB'.");
        }

        var now = store.Time.GetUtcNow();
        var bootable = image is not null || source?.Bootable == true || (snapshot is not null && store.Volumes.Find(snapshot.VolumeId)?.Bootable == true);
        var imageMetadata = ImageMetadata(image) ?? source?.ImageMetadata ?? (snapshot is null ? null : store.Volumes.Find(snapshot.VolumeId)?.ImageMetadata);
        var volume = new VolumeRecord(
            Guid.NewGuid().ToString(), projectId, caller.UserId, draft.Name, draft.Description, size, VolumeStatus.Available, VolumeStore.AvailabilityZone,
            type.Name, bootable, null, draft.Multiattach, snapshot?.Id, source?.Id, image?.Id,
            draft.Metadata ?? new Dictionary<string, string>(StringComparer.Ordinal),
            imageMetadata ?? new Dictionary<string, string>(StringComparer.Ordinal), now, now);
        lock (store.Sync)
        {
            VolumeQuotas.CheckVolume(store, projectId, size, extraCount: 1);
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

        return volume;
    }

    private static Dictionary<string, string>? ImageMetadata(ImageSummary? image)
    {
        if (image is null)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["image_id"] = image.Id,
            ["image_name"] = image.Name,
            ["min_disk"] = image.MinDisk.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["min_ram"] = image.MinRam.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (image.Size is { } bytes)
        {
            result["size"] = bytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }
}
