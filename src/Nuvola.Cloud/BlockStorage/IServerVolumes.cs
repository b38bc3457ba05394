using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>
/// What Compute asks of Block Storage for its servers (as Nova asks Cinder): volumes and snapshots a caller may use,
/// volumes made for a server's block device mapping, and the attachment life cycle
/// (reserve → complete → begin detaching → remove). Implemented by Block Storage; Compute never touches its records.
/// Refusals are ApiExceptions in Cinder's words (400 InvalidVolume, 404, 413 quota).
/// </summary>
public interface IServerVolumes
{
    /// <summary>The volume if it exists and the caller may see it; null otherwise.</summary>
    ServerVolume? Find(AuthContext caller, string volumeId);

    /// <summary>The volume whoever owns it (Compute's own bookkeeping, e.g. at a server's deletion); null when gone.</summary>
    ServerVolume? Get(string volumeId);

    /// <summary>The snapshot if it exists and the caller may see it; null otherwise.</summary>
    ServerSnapshot? FindSnapshot(AuthContext caller, string snapshotId);

    /// <summary>A new volume in the caller's project: from an image, a snapshot, or blank; available at once.</summary>
    ServerVolume Create(AuthContext caller, VolumeDraft draft);

    /// <summary>
    /// Cinder's attachment_create: reserves the volume for the server (available → reserved, or in-use when multiattach)
    /// and returns the attachment id; 400 when the volume's status forbids it.
    /// </summary>
    string Reserve(string volumeId, string serverId);

    /// <summary>attachment_update and attachment_complete: the attachment is attached at the device on the host; the volume is in-use.</summary>
    void Complete(string volumeId, string attachmentId, string device, string hostName);

    /// <summary>os-begin_detaching: in-use → detaching; 400 unless the volume is in-use and attached.</summary>
    void BeginDetaching(string volumeId);

    /// <summary>os-roll_detaching: detaching → in-use (a detach that did not happen).</summary>
    void RollDetaching(string volumeId);

    /// <summary>attachment_delete: forgets the attachment; the volume becomes available when no other remains. Idempotent.</summary>
    void Remove(string volumeId, string attachmentId);

    /// <summary>Deletes a volume (a server's delete_on_termination); Cinder's 400 when it cannot be deleted.</summary>
    void Delete(string volumeId);
}

/// <summary>A volume as Compute sees it; BackingFile is its data (a sparse file a hypervisor can use as a disk).</summary>
public sealed record ServerVolume(
    string Id,
    string ProjectId,
    string Status,
    int Size,
    bool Multiattach,
    bool Bootable,
    string AvailabilityZone,
    string BackingFile,
    IReadOnlyDictionary<string, string> ImageMetadata,
    IReadOnlyList<string> AttachedServers);

/// <summary>A snapshot as Compute sees it (to boot from a volume made of it).</summary>
public sealed record ServerSnapshot(string Id, string VolumeId, int Size, string Status);
