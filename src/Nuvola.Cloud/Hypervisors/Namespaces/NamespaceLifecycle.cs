using Microsoft.Extensions.Hosting;
using Nuvola.Cloud.Compute.Servers;
using Nuvola.Cloud.Hypervisors.Namespaces.Networking;

namespace Nuvola.Cloud.Hypervisors.Namespaces;

/// <summary>
/// Crash safety and clean shutdown of the namespace hypervisor. At start: every namespace and instance directory with
/// this cloud's prefix is compared with the database; running instances of live servers are adopted, live servers
/// that should run but do not are booted again, and everything else (namespaces, processes, directories, loop devices)
/// is removed; then the network reconciler runs once and every second. At a clean stop (SIGTERM): every instance is
/// stopped and every namespace and the host interface removed; instance disks stay, so the next start boots them again.
/// </summary>
public sealed partial class NamespaceLifecycle(
    NamespaceHypervisor hypervisor,
    NetworkReconciler reconciler,
    ServerStore servers,
    ILogger<NamespaceLifecycle> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        hypervisor.Changed += reconciler.ReconcileAsync;
        LogCgroups(logger, hypervisor.Cgroups.Describe());
        var (adopted, booted, removed) = await RecoverAsync();
        LogRecovered(logger, hypervisor.Names.Prefix, adopted, booted, removed);
        await reconciler.ReconcileAsync();
        _loop = LoopAsync();
    }

    /// <summary>Adopts, reboots or removes what a previous run left; returns the three counts.</summary>
    public async Task<(int Adopted, int Booted, int Removed)> RecoverAsync()
    {
        int adopted = 0, booted = 0, removed = 0;
        var ids = hypervisor.KnownInstances().ToHashSet(StringComparer.Ordinal);
        foreach (var netns in Fabric.ListNetns())
        {
            if (hypervisor.Names.InstanceIdOf(netns) is { } id)
            {
                ids.Add(id);
            }
        }

        foreach (var id in ids)
        {
            var server = servers.Servers.Find(id);
            var shouldRun = server is not null && server.VmState == VmStates.Active && server.PowerState == (int)PowerState.Running;
            if (server is null)
            {
                await hypervisor.DestroyAsync(id);
                removed++;
            }
            else if (server.VmState == VmStates.Building)
            {
                // ServerRecovery builds it again from scratch.
                await hypervisor.KillAsync(id);
            }
            else if (shouldRun && hypervisor.IsRunning(id))
            {
                hypervisor.Adopt(id);
                adopted++;
            }
            else if (shouldRun && hypervisor.DirectoryOf(id).Exists)
            {
                try
                {
                    await hypervisor.KillAsync(id);
                    await hypervisor.BootAsync(id, server.HostName);
                    booted++;
                }
                catch (HypervisorException failure)
                {
                    LogRebootFailed(logger, id, failure.Message);
                }
            }
            else
            {
                await hypervisor.KillAsync(id);
            }
        }

        foreach (var netns in Fabric.ListNetns().Where(n => hypervisor.Names.Owns(n) && n != hypervisor.Names.Fabric))
        {
            if (hypervisor.Names.InstanceIdOf(netns) is { } id && servers.Servers.Find(id) is not null)
            {
                continue;
            }

            if (hypervisor.Names.RouterIdOf(netns) is null)
            {
                await Shell.RunAsync("ip", "netns", "del", netns);
                removed++;
            }
        }

        foreach (var id in hypervisor.Cgroups.Owned().Where(id => servers.Servers.Find(id) is null))
        {
            hypervisor.Cgroups.Remove(id);
            removed++;
        }

        return (adopted, booted, removed);
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await reconciler.ReconcileAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        hypervisor.Changed -= reconciler.ReconcileAsync;
        var count = await RemoveEverythingAsync(hypervisor);
        reconciler.Reset();
        LogStopped(logger, count);
    }

    /// <summary>Stops every instance and removes every namespace with the prefix and the host interface; returns how many namespaces went.</summary>
    public static async Task<int> RemoveEverythingAsync(NamespaceHypervisor hypervisor)
    {
        await Task.WhenAll(hypervisor.KnownInstances().Select(async id =>
        {
            await hypervisor.KillAsync(id);
            await hypervisor.ReleaseVolumesAsync(id);
        }));

        var count = 0;
        foreach (var netns in Fabric.ListNetns().Where(hypervisor.Names.Owns))
        {
            if (hypervisor.Names.InstanceIdOf(netns) is { } id)
            {
                await hypervisor.RemoveNetnsAsync(id);
            }
            else
            {
                await Shell.RunAsync("ip", "netns", "del", netns);
            }

            count++;
        }

        foreach (var id in hypervisor.Cgroups.Owned())
        {
            hypervisor.Cgroups.Remove(id);
        }

        await Shell.RunAsync("ip", "link", "del", hypervisor.Names.HostInterface);
        hypervisor.Fabric.Reset();
        return count;
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(EventId = 78, Level = LogLevel.Information, Message = "Namespace hypervisor flavor limits: {Cgroups}")]
    private static partial void LogCgroups(ILogger logger, string cgroups);

    [LoggerMessage(EventId = 73, Level = LogLevel.Information, Message = "Namespace hypervisor ({Prefix}): adopted {Adopted} running instance(s), booted {Booted} again, removed {Removed} leftover(s)")]
    private static partial void LogRecovered(ILogger logger, string prefix, int adopted, int booted, int removed);

    [LoggerMessage(EventId = 74, Level = LogLevel.Warning, Message = "Instance {InstanceId} could not be booted again: {Reason}")]
    private static partial void LogRebootFailed(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 75, Level = LogLevel.Information, Message = "Namespace hypervisor stopped: {Count} namespace(s) removed")]
    private static partial void LogStopped(ILogger logger, int count);
}
