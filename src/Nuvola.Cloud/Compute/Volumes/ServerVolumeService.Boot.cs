using Nuvola.Cloud.BlockStorage;
using Nuvola.Cloud.Compute.Servers;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Hypervisors;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Image;

namespace Nuvola.Cloud.Compute.Volumes;

/// <summary>block_device_mapping_v2 at create: checked against Image and Block Storage, recorded per server, built before spawn.</summary>
public sealed partial class ServerVolumeService
{
    /// <summary>
    /// Checks a create request's mappings (Nova's _validate_bdm): one boot sequence 0..n, sources the caller may use,
    /// sizes where a volume is made. Returns the mappings to record for each server (without ids); empty when none.
    /// </summary>
    public IReadOnlyList<BlockDeviceRecord> Plan(AuthContext caller, ServerCreateRequest request, FlavorSnapshot flavor)
    {
        var asked = request.BlockDevices;
        if (asked.Count == 0)
        {
            return [];
        }

        var imageRoot = request.ImageRef is not null && !asked.Any(b => b.BootIndex == 0);
        var indexes = asked.Where(b => b.BootIndex is not null).Select(b => b.BootIndex!.Value).Concat(imageRoot ? [0] : []).Order().ToList();
        if (indexes.Count == 0 || indexes.Where((value, position) => value != position).Any())
        {
            throw ApiException.BadRequest("Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.");
        }

        if (request.MaxCount > 1 && asked.Any(b => b.SourceType == "volume"))
        {
            throw ApiException.BadRequest("Cannot attach one or more volumes to multiple instances");
        }

        var plan = new List<BlockDeviceRecord>();
        foreach (var device in asked)
        {
            plan.Add(Check(caller, device, flavor));
        }

        return plan;
    }

    /// <summary>Records a new server's mappings: device names, and a Cinder reservation for each given volume. Undone on failure.</summary>
    public void Record(string serverId, IReadOnlyList<BlockDeviceRecord> plan)
    {
        if (plan.Count == 0)
        {
            return;
        }

        var recorded = new List<BlockDeviceRecord>();
        try
        {
            foreach (var template in plan.OrderBy(d => d.BootIndex is null ? int.MaxValue : d.BootIndex.Value))
            {
                var record = template with
                {
                    Id = Guid.NewGuid().ToString(),
                    DeviceName = template.IsRoot ? DeviceNames.Root : DeviceNames.Next([.. recorded, .. plan.Where(p => p.IsRoot)], template.DeviceName),
                    CreatedAt = time.GetUtcNow(),
                };
                if (template.SourceType == "volume")
                {
                    record = record with { AttachmentId = Volumes.Reserve(template.VolumeId!, serverId), State = BlockDeviceStates.Attaching };
                }

                recorded.Add(record);
            }
        }
        catch
        {
            foreach (var done in recorded.Where(r => r.AttachmentId is not null))
            {
                Volumes.Remove(done.VolumeId!, done.AttachmentId!);
            }

            throw;
        }

        devices.Update(serverId, _ => recorded);
    }

    /// <summary>
    /// Before the first spawn: makes the volumes of image/snapshot/blank mappings (in the owner's project) and attaches
    /// every volume mapping. Refusals become a build failure (the server goes to ERROR with the reason as its fault).
    /// </summary>
    public void Prepare(ServerRecord server)
    {
        var volumes = services.GetService<IServerVolumes>();
        if (volumes is null)
        {
            return;
        }

        var owner = new AuthContext(string.Empty, server.UserId, string.Empty, string.Empty, server.ProjectId, null, null, null, [RoleNames.Member], DateTimeOffset.MaxValue);
        foreach (var record in devices.Of(server.Id).ToList())
        {
            try
            {
                var current = record;
                if (current.State == BlockDeviceStates.Pending)
                {
                    var volume = volumes.Create(owner, new VolumeDraft(current.VolumeSize, string.Empty, string.Empty, TypeName: current.VolumeType, SnapshotId: current.SnapshotId, ImageId: current.ImageId));
                    current = current with { VolumeId = volume.Id, AttachmentId = volumes.Reserve(volume.Id, server.Id), State = BlockDeviceStates.Attaching };
                    var saved = current;
                    devices.Update(server.Id, list => [.. list.Select(d => d.Id == saved.Id ? saved : d)]);
                }

                if (current is { State: BlockDeviceStates.Attaching, VolumeId: { } volumeId, AttachmentId: { } attachmentId })
                {
                    devices.Update(server.Id, list => [.. list.Select(d => d.Id == record.Id ? d with { State = BlockDeviceStates.Attached } : d)]);
                    volumes.Complete(volumeId, attachmentId, current.DeviceName ?? DeviceNames.Root, hypervisor.HostName);
                }
            }
            catch (ApiException refusal)
            {
                throw new HypervisorException($"Build of instance {server.Id} aborted: {refusal.Message}");
            }
        }
    }

    /// <summary>
    /// At a server's deletion: every attachment is removed; volumes marked delete_on_termination are deleted (a volume that
    /// cannot be deleted, e.g. one with snapshots, stays, as in Nova). With <paramref name="deleteVolumes"/> false only the attachments go.
    /// </summary>
    public void Release(string serverId, bool deleteVolumes = true)
    {
        var volumes = services.GetService<IServerVolumes>();
        var records = devices.Of(serverId);
        devices.Forget(serverId);
        if (volumes is null)
        {
            return;
        }

        foreach (var record in records.Where(r => r.VolumeId is not null))
        {
            if (record.AttachmentId is { } attachmentId)
            {
                volumes.Remove(record.VolumeId!, attachmentId);
            }

            if (deleteVolumes && record.DeleteOnTermination)
            {
                try
                {
                    volumes.Delete(record.VolumeId!);
                }
                catch (ApiException refusal)
                {
                    LogVolumeKept(logger, record.VolumeId!, serverId, refusal.Message);
                }
            }
        }
    }

    /// <summary>The image a server boots from through an image-to-local mapping when it has no imageRef.</summary>
    public string? RootImageOf(string serverId) =>
        devices.Of(serverId).FirstOrDefault(d => d.IsRoot && d.SourceType == "image" && d.DestinationType == "local")?.ImageId;

    public bool BootsFromVolume(string serverId) => devices.Of(serverId).Any(d => d.IsRoot && d.IsVolume);

    private BlockDeviceRecord Check(AuthContext caller, BlockDeviceRequest device, FlavorSnapshot flavor)
    {
        var record = new BlockDeviceRecord
        {
            Id = string.Empty,
            SourceType = device.SourceType,
            DestinationType = device.DestinationType,
            BootIndex = device.BootIndex,
            DeviceName = device.DeviceName,
            VolumeSize = device.VolumeSize,
            VolumeType = device.VolumeType,
            DeleteOnTermination = device.DeleteOnTermination,
            Tag = device.Tag,
            State = device.DestinationType == "volume" ? BlockDeviceStates.Pending : BlockDeviceStates.Attached,
            CreatedAt = time.GetUtcNow(),
        };
        switch (device.SourceType)
        {
            case "volume":
                var volume = Volumes.Find(caller, device.Uuid!) ?? throw ApiException.BadRequest($"Block Device Mapping is Invalid: failed to get volume {device.Uuid}.");
                if (device.BootIndex == 0 && !volume.Bootable)
                {
                    throw ApiException.BadRequest($"Block Device {volume.Id} is not bootable.");
                }

                return record with { VolumeId = volume.Id, VolumeSize = volume.Size, State = BlockDeviceStates.Attaching };
            case "snapshot":
                var snapshot = Volumes.FindSnapshot(caller, device.Uuid!) ?? throw ApiException.BadRequest($"Block Device Mapping is Invalid: failed to get snapshot {device.Uuid}.");
                return record with { SnapshotId = snapshot.Id, VolumeSize = device.VolumeSize ?? snapshot.Size };
            case "image":
                var image = services.GetService<IImageCatalog>()?.Find(caller, device.Uuid!);
                if (image is null || !string.Equals(image.Status, "active", StringComparison.OrdinalIgnoreCase))
                {
                    throw ApiException.BadRequest($"Block Device Mapping is Invalid: failed to get image {device.Uuid}.");
                }

                if (device.BootIndex == 0 && image.MinRam > flavor.Ram)
                {
                    throw ApiException.BadRequest("Flavor's memory is too small for requested image.");
                }

                if (device.DestinationType == "volume")
                {
                    var size = device.VolumeSize ?? throw ApiException.BadRequest("Images with destination_type 'volume' need to have a non-zero size specified");
                    if (size < image.MinDisk)
                    {
                        throw ApiException.BadRequest(string.Create(
                            System.Globalization.CultureInfo.InvariantCulture,
                            $"Volume is smaller than the minimum size specified in image metadata. Volume size is {size * VolumeStore.GiB} bytes, minimum size is {image.MinDisk * VolumeStore.GiB} bytes."));
                    }
                }

                return record with { ImageId = image.Id };
            default:
                if (device.DestinationType == "volume" && device.VolumeSize is null)
                {
                    throw ApiException.BadRequest("Blank volumes (source: 'blank', dest: 'volume') need to have non-zero size");
                }

                return record;
        }
    }

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Volume {VolumeId} of deleted server {ServerId} was kept: {Reason}")]
    private static partial void LogVolumeKept(ILogger logger, string volumeId, string serverId, string reason);
}
