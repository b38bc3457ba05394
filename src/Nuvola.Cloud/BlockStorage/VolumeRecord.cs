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
    DateTimeOffset? UpdatedAt)
{
    /// <summary>Its attachments, reserved ones included (the API shows only those attached).</summary>
    public IReadOnlyList<VolumeAttachmentRecord> Attachments { get; init; } = [];

    /// <summary>Cinder's attach_status: attached when an attachment is, reserved/attaching while one is on its way, else detached.</summary>
    public string AttachStatusOf() =>
        Attachments.Any(a => a.AttachStatus == BlockStorage.AttachStatus.Attached) ? BlockStorage.AttachStatus.Attached
        : Attachments.Count > 0 ? Attachments[^1].AttachStatus
        : BlockStorage.AttachStatus.Detached;
}
