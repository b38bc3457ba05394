namespace Nuvola.Cloud.Image;

/// <summary>One Glance image: its core attributes, its tags and its extra (string) properties.</summary>
public sealed record ImageRecord(
    string Id,
    string? Name,
    string Status,
    string Visibility,
    bool Protected,
    bool OsHidden,
    string? Owner,
    string? DiskFormat,
    string? ContainerFormat,
    int MinDisk,
    int MinRam,
    long? Size,
    long? VirtualSize,
    string? Checksum,
    string? OsHashAlgo,
    string? OsHashValue,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Properties,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
