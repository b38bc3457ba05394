using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Image;

/// <summary>What Compute sees of Image: visible images by id, and snapshots made active at once.</summary>
public sealed class ImageCatalog(ImageStore store) : IImageCatalog
{
    public ImageSummary? Find(AuthContext caller, string imageId)
    {
        var image = store.Images.Find(imageId);
        return image is null || !store.IsVisible(caller, image) ? null : ToSummary(image);
    }

    public string CreateSnapshot(AuthContext caller, string name, IReadOnlyDictionary<string, string> properties, string? baseImageId)
    {
        var id = Guid.NewGuid().ToString();
        var now = store.Time.GetUtcNow();
        var baseImage = baseImageId is null ? null : store.Images.Find(baseImageId);
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in properties)
        {
            extra[key] = value;
        }

        if (baseImageId is not null && !extra.ContainsKey("base_image_ref"))
        {
            extra["base_image_ref"] = baseImageId;
        }

        var image = store.New(id, caller.ProjectId, now) with
        {
            Name = name,
            Visibility = ImageStatus.Private,
            DiskFormat = baseImage?.DiskFormat ?? "qcow2",
            ContainerFormat = baseImage?.ContainerFormat ?? "bare",
            MinDisk = baseImage?.MinDisk ?? 0,
            MinRam = baseImage?.MinRam ?? 0,
            Properties = extra,
        };
        image = store.WithData(image, ImageStore.PlaceholderData(id));
        store.Images.Put(id, image);
        return id;
    }

    public string BeginSnapshot(AuthContext caller, string name, IReadOnlyDictionary<string, string> properties, string? baseImageId, string diskFormat, string containerFormat)
    {
        var id = Guid.NewGuid().ToString();
        var now = store.Time.GetUtcNow();
        var baseImage = baseImageId is null ? null : store.Images.Find(baseImageId);
        var extra = new Dictionary<string, string>(properties, StringComparer.Ordinal);
        if (baseImageId is not null)
        {
            extra.TryAdd("base_image_ref", baseImageId);
        }

        store.Images.Put(id, store.New(id, caller.ProjectId, now) with
        {
            Name = name,
            Status = ImageStatus.Saving,
            Visibility = ImageStatus.Private,
            DiskFormat = diskFormat,
            ContainerFormat = containerFormat,
            MinDisk = baseImage?.MinDisk ?? 0,
            MinRam = baseImage?.MinRam ?? 0,
            Properties = extra,
        });
        return id;
    }

    public async Task FinishSnapshotAsync(string imageId, Func<Func<Stream, Task>, Task<IReadOnlyDictionary<string, string>>> pack, CancellationToken cancellationToken = default)
    {
        (long Size, string Md5, string Sha512)? written = null;
        IReadOnlyDictionary<string, string> added;
        try
        {
            added = await pack(async data => written = await store.WriteDataAsync(imageId, data, cancellationToken));
            if (written is null)
            {
                throw new InvalidOperationException($"Snapshot {imageId}: no data was written");
            }
        }
        catch
        {
            lock (store.Images.Sync)
            {
                store.Images.Remove(imageId);
            }

            store.DeleteData(imageId);
            throw;
        }

        lock (store.Images.Sync)
        {
            if (store.Images.Find(imageId) is not { } current)
            {
                store.DeleteData(imageId);
                return;
            }

            var properties = new Dictionary<string, string>(current.Properties, StringComparer.Ordinal);
            foreach (var (key, value) in added)
            {
                properties[key] = value;
            }

            var (size, md5, sha512) = written.Value;
            store.Images.Put(imageId, current with
            {
                Status = ImageStatus.Active,
                Size = size,
                Checksum = md5,
                OsHashAlgo = "sha512",
                OsHashValue = sha512,
                Properties = properties,
                UpdatedAt = store.Time.GetUtcNow(),
            });
        }
    }

    public static ImageSummary ToSummary(ImageRecord image) => new(
        image.Id, image.Name ?? string.Empty, image.Status, image.Size, image.MinDisk, image.MinRam, image.Properties, image.CreatedAt, image.UpdatedAt);
}
