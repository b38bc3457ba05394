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

    public static ImageSummary ToSummary(ImageRecord image) => new(
        image.Id, image.Name ?? string.Empty, image.Status, image.Size, image.MinDisk, image.MinRam, image.Properties, image.CreatedAt, image.UpdatedAt);
}
