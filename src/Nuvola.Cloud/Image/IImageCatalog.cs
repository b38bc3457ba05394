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

    /// <summary>
    /// Creates a snapshot image whose data is still to come (status saving, with the given formats); returns its id.
    /// <see cref="FinishSnapshotAsync"/> then fills it.
    /// </summary>
    string BeginSnapshot(AuthContext caller, string name, IReadOnlyDictionary<string, string> properties, string? baseImageId, string diskFormat, string containerFormat);

    /// <summary>
    /// Runs <paramref name="pack"/>, which writes the data through the function it is given and returns properties to
    /// add; the image becomes active with that data. When pack fails the image is deleted (as Nova deletes a failed
    /// snapshot) and the exception goes on.
    /// </summary>
    Task FinishSnapshotAsync(string imageId, Func<Func<Stream, Task>, Task<IReadOnlyDictionary<string, string>>> pack, CancellationToken cancellationToken = default);
}

public sealed record ImageSummary(string Id, string Name, string Status, long? Size, int MinDisk, int MinRam, IReadOnlyDictionary<string, string> Properties, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
