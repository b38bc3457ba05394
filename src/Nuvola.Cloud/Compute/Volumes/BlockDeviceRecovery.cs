using Microsoft.Extensions.Hosting;
using Nuvola.Cloud.Compute.Servers;

namespace Nuvola.Cloud.Compute.Volumes;

/// <summary>At start: attaches and detaches cut short by a stop are finished (servers still building finish theirs when built).</summary>
public sealed class BlockDeviceRecovery(ServerVolumeService service) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in service.Devices.Servers.Values.ToList())
        {
            if (service.Servers.Store.Servers.Find(entry.ServerId) is not { } server)
            {
                service.Release(entry.ServerId, deleteVolumes: false);
                continue;
            }

            if (server.VmState == VmStates.Building)
            {
                continue;
            }

            foreach (var device in entry.Devices)
            {
                _ = device.State switch
                {
                    BlockDeviceStates.Attaching => service.CompleteAttachAsync(server.Id, device.Id, null),
                    BlockDeviceStates.Detaching => service.CompleteDetachAsync(server.Id, device.Id, null),
                    _ => Task.CompletedTask,
                };
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
