using System.Globalization;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Hypervisors;

/// <summary>
/// A hypervisor that runs nothing: instances take <see cref="CloudOptions.BuildDelay"/> to boot (TimeProvider timers),
/// names containing <see cref="CloudOptions.FailBuildMarker"/> fail to build, and each instance keeps a console log.
/// Its state is kept in the store, so it survives a restart with the servers.
/// </summary>
public sealed class FakeHypervisor(StateStore store, CloudOptions options, TimeProvider time) : IHypervisor
{
    private const int MaxConsoleLines = 500;
    private readonly Collection<FakeInstanceRecord> _instances = store.Collection<FakeInstanceRecord>("hypervisor.fake.instance");

    public string HostName => "nuvola-compute";

    public async Task SpawnAsync(InstanceSpec spec, CancellationToken cancellationToken = default)
    {
        if (options.BuildDelay > TimeSpan.Zero)
        {
            await Task.Delay(options.BuildDelay, time, cancellationToken);
        }

        if (!string.IsNullOrEmpty(options.FailBuildMarker) && spec.Name.Contains(options.FailBuildMarker, StringComparison.Ordinal))
        {
            Save(new FakeInstanceRecord(spec.InstanceId, spec.Name, PowerState.NoState, [Stamp("Booting failed: injected build failure")]));
            throw new HypervisorException($"Build of instance {spec.InstanceId} aborted: the fake hypervisor was told to fail (name contains '{options.FailBuildMarker}').");
        }

        var console = new List<string>
        {
            Stamp("Linux version 6.1.0-nuvola (fake hypervisor) #1 SMP"),
            Stamp($"Memory: {spec.RamMb.ToString(CultureInfo.InvariantCulture)}MB, CPUs: {spec.Vcpus.ToString(CultureInfo.InvariantCulture)}"),
            Stamp("Mounting root filesystem"),
        };
        console.AddRange(spec.Addresses.Select(a => Stamp("eth0: address " + a)));
        console.Add(Stamp(spec.UserData is null ? "cloud-init: no user-data" : "cloud-init: user-data found (" + spec.UserData.Length.ToString(CultureInfo.InvariantCulture) + " bytes, base64), running it"));
        if (spec.KeyName is not null)
        {
            console.Add(Stamp("cloud-init: installing ssh key " + spec.KeyName));
        }

        var volumes = spec.Volumes ?? [];
        console.AddRange(volumes.Select(v => Stamp(DiskLine(v))));
        console.Add(Stamp($"{spec.HostName} login:"));
        Save(new FakeInstanceRecord(spec.InstanceId, spec.Name, PowerState.Running, console) { Volumes = volumes });
    }

    public Task StopAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Change(instanceId, PowerState.Shutdown, "reboot: Power down");

    public Task StartAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Change(instanceId, PowerState.Running, "Booting again after power on");

    public Task RebootAsync(string instanceId, bool hard, CancellationToken cancellationToken = default) =>
        Change(instanceId, PowerState.Running, hard ? "Hard reset: booting" : "reboot: Restarting system");

    public Task PauseAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Change(instanceId, PowerState.Paused, null);

    public Task UnpauseAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Change(instanceId, PowerState.Running, null);

    public Task SuspendAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Change(instanceId, PowerState.Suspended, "PM: suspend entry (deep)");

    public Task ResumeAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Change(instanceId, PowerState.Running, "PM: suspend exit");

    public Task AttachVolumeAsync(string instanceId, InstanceVolume volume, CancellationToken cancellationToken = default)
    {
        lock (_instances.Sync)
        {
            var instance = _instances.Find(instanceId) ?? throw new HypervisorException($"Instance {instanceId} is not known to the hypervisor.");
            _instances.Put(instanceId, instance with
            {
                Volumes = [.. instance.Volumes.Where(v => v.VolumeId != volume.VolumeId), volume],
                Console = [.. instance.Console.TakeLast(MaxConsoleLines - 1), Stamp(DiskLine(volume))],
            });
        }

        return Task.CompletedTask;
    }

    public Task DetachVolumeAsync(string instanceId, string volumeId, CancellationToken cancellationToken = default)
    {
        lock (_instances.Sync)
        {
            if (_instances.Find(instanceId) is { } instance && instance.Volumes.FirstOrDefault(v => v.VolumeId == volumeId) is { } volume)
            {
                _instances.Put(instanceId, instance with
                {
                    Volumes = [.. instance.Volumes.Where(v => v.VolumeId != volumeId)],
                    Console = [.. instance.Console.TakeLast(MaxConsoleLines - 1), Stamp($"virtio_blk: [{Path.GetFileName(volume.Device)}] removed")],
                });
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The volumes plugged into an instance (what a real hypervisor would have as disks).</summary>
    public IReadOnlyList<InstanceVolume> VolumesOf(string instanceId) => _instances.Find(instanceId)?.Volumes ?? [];

    public Task DestroyAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        _instances.Remove(instanceId);
        return Task.CompletedTask;
    }

    public string ConsoleOutput(string instanceId, int? lines = null)
    {
        var console = _instances.Find(instanceId)?.Console ?? [];
        var shown = lines is { } n && n >= 0 ? console.Skip(Math.Max(0, console.Count - n)) : console;
        return string.Concat(shown.Select(l => l + "\n"));
    }

    public PowerState StateOf(string instanceId) => _instances.Find(instanceId)?.State ?? PowerState.NoState;

    private Task Change(string instanceId, PowerState state, string? consoleLine)
    {
        lock (_instances.Sync)
        {
            var instance = _instances.Find(instanceId) ?? throw new HypervisorException($"Instance {instanceId} is not known to the hypervisor.");
            var console = consoleLine is null ? instance.Console : [.. instance.Console.TakeLast(MaxConsoleLines - 1), Stamp(consoleLine)];
            _instances.Put(instanceId, instance with { State = state, Console = console });
        }

        return Task.CompletedTask;
    }

    private void Save(FakeInstanceRecord record)
    {
        lock (_instances.Sync)
        {
            _instances.Put(record.Id, record);
        }
    }

    private static string DiskLine(InstanceVolume volume)
    {
        var sectors = File.Exists(volume.BackingFile) ? new FileInfo(volume.BackingFile).Length / 512 : 0;
        return string.Create(CultureInfo.InvariantCulture, $"virtio_blk: [{Path.GetFileName(volume.Device)}] {sectors} 512-byte logical blocks (volume {volume.VolumeId})");
    }

    private string Stamp(string line)
    {
        var uptime = (time.GetUtcNow().ToUnixTimeMilliseconds() % 100_000_000) / 1000.0;
        return string.Create(CultureInfo.InvariantCulture, $"[{uptime,12:0.000000}] {line}");
    }
}
