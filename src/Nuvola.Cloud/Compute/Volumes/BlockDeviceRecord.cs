namespace Nuvola.Cloud.Compute.Volumes;

/// <summary>Nova's block device mappings of one server (keyed by the server's id), in the order they were made.</summary>
public sealed record ServerBlockDevices(string ServerId, IReadOnlyList<BlockDeviceRecord> Devices);

/// <summary>
/// One block device mapping: where the device comes from (SourceType image/volume/snapshot/blank with its id), where it
/// lives (DestinationType volume/local), its boot index and device, and the Cinder volume and attachment once there is one.
/// </summary>
public sealed record BlockDeviceRecord
{
    public required string Id { get; init; }

    public required string SourceType { get; init; }

    public required string DestinationType { get; init; }

    public string? VolumeId { get; init; }

    public string? ImageId { get; init; }

    public string? SnapshotId { get; init; }

    public int? BootIndex { get; init; }

    public string? DeviceName { get; init; }

    public int? VolumeSize { get; init; }

    public string? VolumeType { get; init; }

    public bool DeleteOnTermination { get; init; }

    public string? Tag { get; init; }

    public string? AttachmentId { get; init; }

    public string State { get; init; } = BlockDeviceStates.Attaching;

    public required DateTimeOffset CreatedAt { get; init; }

    public bool IsRoot => BootIndex == 0;

    public bool IsVolume => DestinationType == "volume";
}

/// <summary>Where a volume mapping is in its life: waiting for its volume (boot), being attached, attached, being detached.</summary>
public static class BlockDeviceStates
{
    public const string Pending = "pending";
    public const string Attaching = "attaching";
    public const string Attached = "attached";
    public const string Detaching = "detaching";
}
