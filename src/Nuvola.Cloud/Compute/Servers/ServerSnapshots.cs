using Nuvola.Cloud.Hypervisors;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Image;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>
/// createImage on a hypervisor that packs disks (<see cref="ISnapshotHypervisor"/>): the image is created at once in
/// status saving (its id goes back to the caller), the instance is packed into it in the background, and it becomes
/// active — or is deleted, as Nova deletes a failed snapshot, with the reason in the log.
/// </summary>
public static partial class ServerSnapshots
{
    public static string Start(
        IImageCatalog images, ISnapshotHypervisor hypervisor, AuthContext caller, string serverId, string name,
        IReadOnlyDictionary<string, string> properties, string? baseImageId, ILogger logger)
    {
        var (diskFormat, containerFormat) = hypervisor.SnapshotFormat;
        var imageId = images.BeginSnapshot(caller, name, properties, baseImageId, diskFormat, containerFormat);
        _ = Task.Run(async () =>
        {
            try
            {
                await images.FinishSnapshotAsync(imageId, write => hypervisor.SnapshotAsync(serverId, write));
                LogSnapshotDone(logger, serverId, imageId);
            }
            catch (Exception failure)
            {
                LogSnapshotFailed(logger, serverId, imageId, failure.Message);
            }
        });
        return imageId;
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Server {ServerId}: snapshot {ImageId} is active")]
    private static partial void LogSnapshotDone(ILogger logger, string serverId, string imageId);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "Server {ServerId}: snapshot {ImageId} failed and was deleted: {Reason}")]
    private static partial void LogSnapshotFailed(ILogger logger, string serverId, string imageId, string reason);
}
