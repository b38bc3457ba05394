using Microsoft.Extensions.Hosting;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>At start: servers left building (or rebuilding) by a stop are driven to ACTIVE or ERROR; other interrupted tasks are cleared.</summary>
public sealed class ServerRecovery(ServerService service, TimeProvider time) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var server in service.Store.Servers.Values.ToList())
        {
            if (server.VmState == VmStates.Building)
            {
                _ = service.DriveBuildAsync(server.Id, rebuild: false);
            }
            else if (server.TaskState is "rebuilding" or "rebuild_spawning")
            {
                _ = service.DriveBuildAsync(server.Id, rebuild: true);
            }
            else if (server.TaskState is not null)
            {
                service.Store.Update(server.Id, s => s with { TaskState = null, UpdatedAt = time.GetUtcNow() });
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
