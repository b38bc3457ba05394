using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>Block Storage's side of <see cref="IServerVolumes"/>: every change under the volume store's lock.</summary>
public sealed class ServerVolumes(VolumeStore store, VolumeCreation creation) : IServerVolumes
{
    public ServerVolume? Find(AuthContext caller, string volumeId)
    {
        var volume = store.Volumes.Find(volumeId);
        return volume is not null && VolumeStore.Sees(caller, volume.ProjectId) ? View(volume) : null;
    }

    public ServerVolume? Get(string volumeId) => store.Volumes.Find(volumeId) is { } volume ? View(volume) : null;

    public ServerSnapshot? FindSnapshot(AuthContext caller, string snapshotId)
    {
        var snapshot = store.Snapshots.Find(snapshotId);
        return snapshot is not null && VolumeStore.Sees(caller, snapshot.ProjectId)
            ? new ServerSnapshot(snapshot.Id, snapshot.VolumeId, snapshot.Size, snapshot.Status)
            : null;
    }

    public ServerVolume Create(AuthContext caller, VolumeDraft draft) => View(creation.Create(caller, caller.RequireProject(), draft));

    public string Reserve(string volumeId, string serverId)
    {
        lock (store.Sync)
        {
            var volume = Require(volumeId);
            string[] allowed = volume.Multiattach ? [VolumeStatus.Available, VolumeStatus.InUse, "downloading"] : [VolumeStatus.Available, "downloading"];
            if (!allowed.Contains(volume.Status))
            {
                throw ApiException.BadRequest($"Invalid volume: Volume {volumeId} status must be {string.Join(" or ", allowed)} to reserve, but the current status is {volume.Status}.");
            }

            var attachment = new VolumeAttachmentRecord(Guid.NewGuid().ToString(), volumeId, serverId, null, null, AttachStatus.Reserved, "rw", null);
            var status = volume.Status == VolumeStatus.InUse ? VolumeStatus.InUse : VolumeStatus.Reserved;
            store.Volumes.Put(volumeId, volume with { Status = status, Attachments = [.. volume.Attachments, attachment], UpdatedAt = store.Time.GetUtcNow() });
            return attachment.Id;
        }
    }

    public void Complete(string volumeId, string attachmentId, string device, string hostName)
    {
        lock (store.Sync)
        {
            var volume = Require(volumeId);
            if (volume.Attachments.All(a => a.Id != attachmentId))
            {
                return;
            }

            var now = store.Time.GetUtcNow();
            var attachments = volume.Attachments
                .Select(a => a.Id == attachmentId ? a with { AttachStatus = AttachStatus.Attached, Mountpoint = device, HostName = hostName, AttachedAt = now } : a)
                .ToList();
            store.Volumes.Put(volumeId, volume with { Status = VolumeStatus.InUse, Attachments = attachments, UpdatedAt = now });
        }
    }

    public void BeginDetaching(string volumeId)
    {
        lock (store.Sync)
        {
            var volume = Require(volumeId);
            if (volume.Status != VolumeStatus.InUse || volume.AttachStatusOf() != AttachStatus.Attached)
            {
                throw ApiException.BadRequest("Invalid volume: Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.");
            }

            store.Volumes.Put(volumeId, volume with { Status = VolumeStatus.Detaching, UpdatedAt = store.Time.GetUtcNow() });
        }
    }

    public void RollDetaching(string volumeId)
    {
        lock (store.Sync)
        {
            if (store.Volumes.Find(volumeId) is { Status: VolumeStatus.Detaching } volume)
            {
                store.Volumes.Put(volumeId, volume with { Status = VolumeStatus.InUse, UpdatedAt = store.Time.GetUtcNow() });
            }
        }
    }

    public void Remove(string volumeId, string attachmentId)
    {
        lock (store.Sync)
        {
            if (store.Volumes.Find(volumeId) is not { } volume)
            {
                return;
            }

            var remaining = volume.Attachments.Where(a => a.Id != attachmentId).ToList();
            var status = remaining.Any(a => a.AttachStatus == AttachStatus.Attached) ? VolumeStatus.InUse
                : remaining.Count > 0 ? VolumeStatus.Reserved
                : VolumeStatus.Available;
            store.Volumes.Put(volumeId, volume with { Status = status, Attachments = remaining, UpdatedAt = store.Time.GetUtcNow() });
        }
    }

    public void Delete(string volumeId) => store.DeleteVolume(volumeId, cascade: false);

    private VolumeRecord Require(string volumeId) =>
        store.Volumes.Find(volumeId) ?? throw ApiException.NotFound($"Volume {volumeId} could not be found.");

    private ServerVolume View(VolumeRecord volume) => new(
        volume.Id,
        volume.ProjectId,
        volume.Status,
        volume.Size,
        volume.Multiattach,
        volume.Bootable,
        volume.AvailabilityZone,
        store.VolumePath(volume.Id),
        volume.ImageMetadata,
        [.. volume.Attachments.Where(a => a.InstanceId is not null).Select(a => a.InstanceId!)]);
}
