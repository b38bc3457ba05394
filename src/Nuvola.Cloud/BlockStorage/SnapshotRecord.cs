namespace Nuvola.Cloud.BlockStorage;

/// <summary>One Cinder snapshot of a volume; its data is a copy of the volume's file at the time it was taken.</summary>
public sealed record SnapshotRecord(
    string Id,
    string ProjectId,
    string UserId,
    string VolumeId,
    string? Name,
    string? Description,
    int Size,
    string Status,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt);
