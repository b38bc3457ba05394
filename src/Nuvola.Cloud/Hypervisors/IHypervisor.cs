namespace Nuvola.Cloud.Hypervisors;

/// <summary>
/// What Compute asks of the machine that runs its instances (as Nova asks its virt driver). Every operation
/// completes when the instance is in its new state and throws <see cref="HypervisorException"/> when it cannot.
/// The fake one ships now; real namespace-backed instances implement the same contract later.
/// </summary>
public interface IHypervisor
{
    /// <summary>The compute host name the instances run on (OS-EXT-SRV-ATTR:host).</summary>
    string HostName { get; }

    /// <summary>Creates and boots an instance; completes when it runs.</summary>
    Task SpawnAsync(InstanceSpec spec, CancellationToken cancellationToken = default);

    Task StopAsync(string instanceId, CancellationToken cancellationToken = default);

    Task StartAsync(string instanceId, CancellationToken cancellationToken = default);

    Task RebootAsync(string instanceId, bool hard, CancellationToken cancellationToken = default);

    Task PauseAsync(string instanceId, CancellationToken cancellationToken = default);

    Task UnpauseAsync(string instanceId, CancellationToken cancellationToken = default);

    Task SuspendAsync(string instanceId, CancellationToken cancellationToken = default);

    Task ResumeAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Plugs a volume into an instance (running or not) as the given device.</summary>
    Task AttachVolumeAsync(string instanceId, InstanceVolume volume, CancellationToken cancellationToken = default);

    /// <summary>Unplugs a volume; idempotent.</summary>
    Task DetachVolumeAsync(string instanceId, string volumeId, CancellationToken cancellationToken = default);

    /// <summary>Removes the instance and everything it held; idempotent.</summary>
    Task DestroyAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>The instance's console log, the last <paramref name="lines"/> lines when given; empty when unknown.</summary>
    string ConsoleOutput(string instanceId, int? lines = null);

    /// <summary>The instance's power state as the hypervisor sees it.</summary>
    PowerState StateOf(string instanceId);
}
