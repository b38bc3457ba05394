using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Image;

/// <summary>What Compute asks of Image (as Nova asks Glance): an image a caller may boot, and snapshots of servers.</summary>
public interface IImageCatalog
{
    /// <summary>The image if it exists and the caller may see it; null otherwise.</summary>
    ImageSummary? Find(AuthContext caller, string imageId);

    /// <summary>
    /// Creates a snapshot image owned by the caller's project, active at once, with the given properties
    /// (e.g. instance_uuid, image_type=snapshot, base_image_ref); returns its id.
    /// </summary>
    string CreateSnapshot(AuthContext caller, string name, IReadOnlyDictionary<string, string> properties, string? baseImageId);
}

public sealed record ImageSummary(string Id, string Name, string Status, long? Size, int MinDisk, int MinRam, IReadOnlyDictionary<string, string> Properties, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
