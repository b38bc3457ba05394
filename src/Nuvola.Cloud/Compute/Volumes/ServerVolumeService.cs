using Nuvola.Cloud.BlockStorage;
using Nuvola.Cloud.Compute.Servers;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Hypervisors;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Volumes;

/// <summary>
/// Nova's volume side of servers: attach (reserve a device and a Cinder attachment, then plug the volume in),
/// detach, swap, and the volumes of boot-from-volume servers. Block Storage is reached only through
/// <see cref="IServerVolumes"/>; the hypervisor gets each volume's backing file.
/// </summary>
public sealed partial class ServerVolumeService(
    ServerService servers,
    BlockDeviceStore devices,
    IHypervisor hypervisor,
    IServiceProvider services,
    TimeProvider time,
    ILogger<ServerVolumeService> logger)
{
    /// <summary>The vm_states in which Nova attaches and detaches volumes.</summary>
    private static readonly string[] AttachStates = [VmStates.Active, VmStates.Paused, VmStates.Stopped, VmStates.Resized, "soft-delete", "shelved", "shelved_offloaded"];

    private static readonly string[] SwapStates = [VmStates.Active, VmStates.Paused, VmStates.Resized];

    public BlockDeviceStore Devices => devices;

    public ServerService Servers => servers;

    private IServerVolumes Volumes => services.GetService<IServerVolumes>() ?? throw ApiException.BadRequest("Block Storage is not available in this cloud.");

    /// <summary>The mappings of a server that have a volume, in the order they were made.</summary>
    public IReadOnlyList<BlockDeviceRecord> VolumesOf(string serverId) => [.. devices.Of(serverId).Where(d => d.VolumeId is not null)];

    public BlockDeviceRecord Attach(AuthContext caller, string serverId, AttachRequest request, string requestId)
    {
        var server = servers.Store.FindFor(caller, serverId);
        ServerService.RequireOwnerWrite(caller, server);
        servers.RequireUnlocked(caller, server);
        ServerService.RequireState(server, "attach_volume", AttachStates);
        var volumes = Volumes;
        var volume = volumes.Find(caller, request.VolumeId) ?? throw VolumeNotFound(request.VolumeId);
        if (devices.Of(serverId).Any(d => d.VolumeId == volume.Id))
        {
            throw ApiException.BadRequest($"Invalid volume: volume {volume.Id} already attached");
        }

        if (volume.Multiattach && !request.SupportsMultiattach)
        {
            throw ApiException.BadRequest("Multiattach volumes are only supported starting with compute API version 2.60.");
        }

        var attachmentId = volumes.Reserve(volume.Id, serverId);
        BlockDeviceRecord? record = null;
        try
        {
            devices.Update(serverId, list =>
            {
                if (list.Any(d => d.VolumeId == volume.Id))
                {
                    throw ApiException.BadRequest($"Invalid volume: volume {volume.Id} already attached");
                }

                record = new BlockDeviceRecord
                {
                    Id = Guid.NewGuid().ToString(),
                    SourceType = "volume",
                    DestinationType = "volume",
                    VolumeId = volume.Id,
                    DeviceName = DeviceNames.Next(list, request.Device),
                    VolumeSize = volume.Size,
                    DeleteOnTermination = request.DeleteOnTermination,
                    Tag = request.Tag,
                    AttachmentId = attachmentId,
                    State = BlockDeviceStates.Attaching,
                    CreatedAt = time.GetUtcNow(),
                };
                return [.. list, record];
            });
        }
        catch
        {
            volumes.Remove(volume.Id, attachmentId);
            throw;
        }

        servers.RecordAction(caller, server, "attach_volume", requestId, "compute_attach_volume", null);
        _ = CompleteAttachAsync(serverId, record!.Id, requestId);
        return record;
    }

    public void Detach(AuthContext caller, string serverId, string volumeId, string requestId)
    {
        var server = servers.Store.FindFor(caller, serverId);
        ServerService.RequireOwnerWrite(caller, server);
        var volumes = Volumes;
        var volume = volumes.Find(caller, volumeId) ?? throw VolumeNotFound(volumeId);
        var record = devices.Of(serverId).FirstOrDefault(d => d.VolumeId == volumeId) ?? throw NotAttached(serverId, volumeId);
        if (record.IsRoot)
        {
            throw ApiException.BadRequest("Cannot detach a root device volume");
        }

        servers.RequireUnlocked(caller, server);
        ServerService.RequireState(server, "detach_volume", AttachStates);
        if (volume.Status == VolumeStatus.Available)
        {
            throw ApiException.BadRequest($"Invalid volume: volume {volumeId} already detached");
        }

        volumes.BeginDetaching(volumeId);
        devices.Update(serverId, list => [.. list.Select(d => d.Id == record.Id ? d with { State = BlockDeviceStates.Detaching } : d)]);
        servers.RecordAction(caller, server, "detach_volume", requestId, "compute_detach_volume", null);
        _ = CompleteDetachAsync(serverId, record.Id, requestId);
    }

    /// <summary>PUT before 2.85: moves the attachment from one volume to another at the same device (admin only, as Nova's policy).</summary>
    public async Task SwapAsync(AuthContext caller, string serverId, string oldVolumeId, string newVolumeId, string requestId)
    {
        var server = servers.Store.FindFor(caller, serverId);
        if (!caller.IsAdmin)
        {
            throw ApiException.Forbidden("Policy doesn't allow os_compute_api:os-volumes-attachments:swap to be performed.");
        }

        var volumes = Volumes;
        var oldVolume = volumes.Find(caller, oldVolumeId) ?? throw VolumeNotFound(oldVolumeId);
        var newVolume = volumes.Find(caller, newVolumeId) ?? throw ApiException.BadRequest($"Volume {newVolumeId} could not be found.");
        servers.RequireUnlocked(caller, server);
        ServerService.RequireState(server, "swap_volume", SwapStates);
        if (!oldVolume.AttachedServers.Contains(serverId))
        {
            throw ApiException.BadRequest("Invalid volume: Old volume is attached to a different instance.");
        }

        if (newVolume.AttachedServers.Count > 0 || newVolume.Status == VolumeStatus.InUse)
        {
            throw ApiException.BadRequest("Invalid volume: New volume must be detached in order to swap.");
        }

        if (newVolume.Size < oldVolume.Size)
        {
            throw ApiException.BadRequest("Invalid volume: New volume must be the same size or larger.");
        }

        if (oldVolume.Multiattach || newVolume.Multiattach)
        {
            throw ApiException.BadRequest("Swapping multi-attach volumes with more than one read/write attachment is not supported.");
        }

        var record = devices.Of(serverId).FirstOrDefault(d => d.VolumeId == oldVolumeId && d.State == BlockDeviceStates.Attached)
            ?? throw ApiException.NotFound($"No volume Block Device Mapping with id {oldVolumeId}.");
        volumes.BeginDetaching(oldVolumeId);
        string newAttachment;
        try
        {
            newAttachment = volumes.Reserve(newVolumeId, serverId);
        }
        catch
        {
            volumes.RollDetaching(oldVolumeId);
            throw;
        }

        servers.RecordAction(caller, server, "swap_volume", requestId, "compute_swap_volume", null);
        var device = record.DeviceName ?? DeviceNames.Root;
        await hypervisor.DetachVolumeAsync(serverId, oldVolumeId);
        await hypervisor.AttachVolumeAsync(serverId, new InstanceVolume(newVolumeId, device, newVolume.BackingFile, record.BootIndex));
        volumes.Complete(newVolumeId, newAttachment, device, hypervisor.HostName);
        volumes.Remove(oldVolumeId, record.AttachmentId!);
        devices.Update(serverId, list => [.. list.Select(d => d.Id == record.Id ? d with { VolumeId = newVolumeId, AttachmentId = newAttachment, VolumeSize = newVolume.Size } : d)]);
        servers.FinishEvent(requestId, "Success");
    }

    /// <summary>The volumes a hypervisor plugs into the instance at spawn: every attached volume with its device and file.</summary>
    public IReadOnlyList<InstanceVolume> SpecVolumesOf(string serverId)
    {
        var volumes = services.GetService<IServerVolumes>();
        return volumes is null ? [] :
        [
            .. devices.Of(serverId)
                .Where(d => d.VolumeId is not null && d.State is BlockDeviceStates.Attached or BlockDeviceStates.Detaching)
                .Select(d => new InstanceVolume(d.VolumeId!, d.DeviceName ?? DeviceNames.Root, volumes.Get(d.VolumeId!)?.BackingFile ?? string.Empty, d.BootIndex)),
        ];
    }

    /// <summary>Finishes an attach: the hypervisor plugs the volume in, Cinder marks it in-use; on failure the reservation is undone.</summary>
    public async Task CompleteAttachAsync(string serverId, string recordId, string? requestId)
    {
        await Task.Yield();
        var record = devices.Of(serverId).FirstOrDefault(d => d.Id == recordId);
        if (record is not { State: BlockDeviceStates.Attaching, VolumeId: { } volumeId, AttachmentId: { } attachmentId })
        {
            return;
        }

        var volumes = Volumes;
        var device = record.DeviceName ?? DeviceNames.Root;
        try
        {
            await hypervisor.AttachVolumeAsync(serverId, new InstanceVolume(volumeId, device, volumes.Get(volumeId)?.BackingFile ?? string.Empty, record.BootIndex));
            devices.Update(serverId, list => [.. list.Select(d => d.Id == recordId && d.State == BlockDeviceStates.Attaching ? d with { State = BlockDeviceStates.Attached } : d)]);
            volumes.Complete(volumeId, attachmentId, device, hypervisor.HostName);
            Finish(requestId, "Success");
        }
        catch (HypervisorException failure)
        {
            LogAttachFailed(logger, volumeId, serverId, failure.Message);
            volumes.Remove(volumeId, attachmentId);
            devices.Update(serverId, list => [.. list.Where(d => d.Id != recordId)]);
            Finish(requestId, "Error");
        }
    }

    /// <summary>Finishes a detach: the hypervisor unplugs the volume, Cinder forgets the attachment, the mapping goes.</summary>
    public async Task CompleteDetachAsync(string serverId, string recordId, string? requestId)
    {
        await Task.Yield();
        var record = devices.Of(serverId).FirstOrDefault(d => d.Id == recordId);
        if (record is not { State: BlockDeviceStates.Detaching, VolumeId: { } volumeId })
        {
            return;
        }

        await hypervisor.DetachVolumeAsync(serverId, volumeId);
        devices.Update(serverId, list => [.. list.Where(d => d.Id != recordId)]);
        if (record.AttachmentId is { } attachmentId)
        {
            Volumes.Remove(volumeId, attachmentId);
        }

        Finish(requestId, "Success");
    }

    private void Finish(string? requestId, string result)
    {
        if (requestId is not null)
        {
            servers.FinishEvent(requestId, result);
        }
    }

    private static ApiException VolumeNotFound(string volumeId) => ApiException.NotFound($"Volume {volumeId} could not be found.");

    public static ApiException NotAttached(string serverId, string volumeId) =>
        ApiException.NotFound($"Instance {serverId} is not attached to volume {volumeId}");

    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "Attaching volume {VolumeId} to server {ServerId} failed: {Reason}")]
    private static partial void LogAttachFailed(ILogger logger, string volumeId, string serverId, string reason);
}

/// <summary>A validated POST os-volume_attachments body.</summary>
public sealed record AttachRequest(string VolumeId, string? Device, string? Tag, bool DeleteOnTermination, bool SupportsMultiattach);
