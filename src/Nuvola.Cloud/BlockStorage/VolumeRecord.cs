namespace Nuvola.Cloud.BlockStorage;

/// <summary>One Cinder volume: its attributes and where it came from; its data is a sparse file of Size GiB.</summary>
public sealed record VolumeRecord(
    string Id,
    string ProjectId,
    string UserId,
    string? Name,
    string? Description,
    int Size,
    string Status,
    string AvailabilityZone,
    string VolumeType,
    bool Bootable,
    bool? ReadOnly,
    bool Multiattach,
    string? SnapshotId,
    string? SourceVolumeId,
    string? ImageId,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyDictionary<string, string> ImageMetadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt);
