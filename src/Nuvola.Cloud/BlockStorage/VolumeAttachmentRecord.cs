namespace Nuvola.Cloud.BlockStorage;

/// <summary>
/// One attachment of a volume (Cinder's volume_attachment): to a server (InstanceId) on a host, at a mountpoint.
/// AttachStatus follows Cinder: reserved → attaching → attached; a detached attachment is removed.
/// </summary>
public sealed record VolumeAttachmentRecord(
    string Id,
    string VolumeId,
    string? InstanceId,
    string? HostName,
    string? Mountpoint,
    string AttachStatus,
    string AttachMode,
    DateTimeOffset? AttachedAt);

/// <summary>Cinder's attach_status values.</summary>
public static class AttachStatus
{
    public const string Reserved = "reserved";
    public const string Attaching = "attaching";
    public const string Attached = "attached";
    public const string Detached = "detached";
}
