using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Nuvola.Cloud.Compute.Keypairs;
using Nuvola.Cloud.Compute.Servers;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Hypervisors.Namespaces.Cgroups;
using Nuvola.Cloud.Hypervisors.Namespaces.Images;
using Nuvola.Cloud.Hypervisors.Namespaces.Networking;
using Nuvola.Cloud.Image;
using Nuvola.Cloud.Network;

namespace Nuvola.Cloud.Hypervisors.Namespaces;

/// <summary>
/// Real instances without a virtual machine: each one its own network, mount, PID, UTS and IPC namespaces, a root file
/// system that is an overlay of the built-in image, sshd, the user data at first boot, the metadata service and a config
/// drive (see docs/ARCHITECTURE.md, Hypervisors). Its files live under DATA/hypervisor; what it creates on the machine
/// carries the prefix of <see cref="NamespaceNames"/>. The network side (routers, floating IPs, security groups) is kept
/// in step by <see cref="NetworkReconciler"/>.
/// </summary>
public sealed partial class NamespaceHypervisor : IHypervisor, IDisposable
{
    private static readonly TimeSpan BootDeadline = TimeSpan.FromSeconds(60);
    private readonly IServiceProvider _services;
    private readonly ILogger<NamespaceHypervisor> _logger;
    private readonly string _instancesRoot;
    private readonly ConcurrentDictionary<string, MetadataServer> _metadata = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _paused = new(StringComparer.Ordinal);

    public NamespaceHypervisor(CloudOptions options, IServiceProvider services, ILogger<NamespaceHypervisor> logger)
    {
        _services = services;
        _logger = logger;
        var root = Path.Combine(options.DataDirectory, "hypervisor");
        _instancesRoot = Path.Combine(root, "instances");
        Names = NamespaceNames.ForDataDirectory(options.DataDirectory);
        Fabric = new Fabric(Names);
        Image = new HostImage(Path.Combine(root, "images", "host"));
        Cgroups = InstanceCgroups.Detect(Names);
        Images = new ImageCache(Path.Combine(root, "images"), Image, services.GetService<ImageStore>());
    }

    public string HostName => "nuvola-compute";

    public NamespaceNames Names { get; }

    public Fabric Fabric { get; }

    public HostImage Image { get; }

    /// <summary>The flavor limits (cgroup v2, v1 or none).</summary>
    public InstanceCgroups Cgroups { get; }

    /// <summary>The unpacked lower layers of the images instances boot from.</summary>
    public ImageCache Images { get; }

    /// <summary>Called after an instance's network namespace changed (booted, deleted) so that rules follow at once.</summary>
    public event Func<Task>? Changed;

    public InstanceDirectory DirectoryOf(string instanceId) => new(_instancesRoot, instanceId);

    /// <summary>The instances with a directory on disk (created and not destroyed).</summary>
    public IReadOnlyList<string> KnownInstances() =>
        Directory.Exists(_instancesRoot) ? [.. Directory.EnumerateDirectories(_instancesRoot).Select(Path.GetFileName).OfType<string>()] : [];

    public async Task SpawnAsync(InstanceSpec spec, CancellationToken cancellationToken = default)
    {
        var layers = await Images.LayersAsync(spec.ImageId, cancellationToken);
        await KillAsync(spec.InstanceId);
        var instance = DirectoryOf(spec.InstanceId);
        var firstBoot = !instance.Exists;
        instance.Create();
        layers.Save(instance);
        var server = _services.GetRequiredService<ServerStore>().Servers.Find(spec.InstanceId);
        var publicKey = spec.KeyName is not null && server is not null ? _services.GetService<KeypairStore>()?.Find(server.UserId, spec.KeyName)?.PublicKey : null;
        var userData = DecodeUserData(spec.UserData);
        var ports = PortsOf(spec.InstanceId);
        var metadata = new InstanceMetadata(
            spec.InstanceId, spec.Name, spec.HostName, server?.ProjectId ?? string.Empty, server?.LaunchIndex ?? 0,
            server?.AvailabilityZone ?? "nova", spec.KeyName, publicKey, server?.Metadata ?? new Dictionary<string, string>(), userData, ports);
        ConfigDrive.Write(instance.ConfigDrive, metadata);
        if (firstBoot)
        {
            WriteFirstBootFiles(instance, spec.HostName, publicKey, userData);
        }

        foreach (var volume in spec.Volumes ?? [])
        {
            if (volume.BootIndex != 0)
            {
                await AttachVolumeAsync(spec.InstanceId, volume, cancellationToken);
            }
        }

        await BootAsync(spec.InstanceId, spec.HostName, cancellationToken);
    }

    /// <summary>Starts an instance whose files exist: network namespace and ports, metadata service, then the boot scripts; waits for sshd.</summary>
    public async Task BootAsync(string instanceId, string hostName, CancellationToken cancellationToken = default)
    {
        var instance = DirectoryOf(instanceId);
        var netns = Names.Instance(instanceId);
        await Fabric.EnsureAsync();
        await Fabric.EnsureNetnsAsync(netns);

        // Announce the addresses (gratuitous ARP) when eth0 comes up: a fixed IP reused by a new instance (new MAC)
        // would otherwise be unreachable until the router's neighbour entry for the old one expires.
        await Shell.RunAsync("ip", "netns", "exec", netns, "sysctl", "-qw", "net.ipv4.conf.default.arp_notify=1", "net.ipv4.conf.all.arp_notify=1");
        await PlugPortsAsync(instanceId, netns);
        foreach (var router in Fabric.ListNetns().Where(n => Names.RouterIdOf(n) is not null))
        {
            foreach (var address in PortsOf(instanceId).SelectMany(p => p.Addresses))
            {
                await Shell.RunAsync("ip", "-n", router, "neigh", "flush", "to", address.IpAddress);
            }
        }

        await Shell.RunAsync("ip", "-n", netns, "addr", "add", MetadataServer.Address + "/32", "dev", "lo");
        StartMetadata(instanceId);
        if (Changed is { } changed)
        {
            await changed();
        }

        var devices = ReadVolumes(instance).Select(v => (v.Device, v.Loop)).ToList();
        var flavor = _services.GetRequiredService<ServerStore>().Servers.Find(instanceId)?.Flavor;
        var cgroupProcs = Cgroups.Apply(instanceId, flavor?.Ram ?? 0, flavor?.Vcpus ?? 0);
        await File.WriteAllTextAsync(instance.BootScript, BootScripts.Boot(instance, netns, cgroupProcs), cancellationToken);
        var layers = ImageLayers.Load(instance) ?? Images.Host;
        if (layers.HostUsr)
        {
            await Image.EnsureAsync();
        }

        await File.WriteAllTextAsync(instance.Stage1Script, BootScripts.Stage1(instance, layers.RootLower, layers.UsrLower, hostName, devices), cancellationToken);
        await File.WriteAllTextAsync(instance.InitScript, BootScripts.Init(instanceId), cancellationToken);
        File.Delete(instance.PidFile);
        var consoleStart = File.Exists(instance.Console) ? new FileInfo(instance.Console).Length : 0;
        await Shell.CheckAsync("setsid", "-f", "/bin/sh", instance.BootScript);
        var deadline = DateTime.UtcNow + BootDeadline;
        while (true)
        {
            if (ReadConsoleFrom(instance.Console, consoleStart).Contains(BootScripts.ReadyMarker, StringComparison.Ordinal))
            {
                break;
            }

            if (DateTime.UtcNow > deadline || LauncherGone(instance))
            {
                var tail = string.Join(" | ", ReadConsoleFrom(instance.Console, consoleStart).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
                await KillAsync(instanceId);
                throw new HypervisorException($"Instance {instanceId} did not boot: {tail}");
            }

            await Task.Delay(10, cancellationToken);
        }

        _paused.TryRemove(instanceId, out _);
    }

    private async Task PlugPortsAsync(string instanceId, string netns)
    {
        var index = 0;
        foreach (var port in PortsOf(instanceId))
        {
            var inside = "eth" + index.ToString(CultureInfo.InvariantCulture);
            if (!(await Shell.RunAsync("ip", "-n", netns, "link", "show", inside)).Ok)
            {
                await Fabric.PlugAsync(netns, inside, port, defaultRoute: index == 0);
            }

            index++;
        }
    }

    /// <summary>The ports bound to an instance, as the hypervisor plugs them (IPv4 addresses only).</summary>
    public IReadOnlyList<InstancePort> PortsOf(string instanceId)
    {
        var network = _services.GetService<NetworkStore>();
        if (network is null)
        {
            return [];
        }

        return [.. network.Ports.Values
            .Where(p => p.DeviceId == instanceId && p.DeviceOwner.StartsWith("compute:", StringComparison.Ordinal))
            .OrderBy(p => p.ServerOrder).ThenBy(p => p.Standard.CreatedAt)
            .Select(p => ToInstancePort(network, p))];
    }

    public static InstancePort ToInstancePort(NetworkStore network, PortRecord port)
    {
        var addresses = new List<InstanceAddress>();
        foreach (var fixedIp in port.FixedIps)
        {
            if (network.Subnets.Find(fixedIp.SubnetId) is { IpVersion: 4 } subnet)
            {
                addresses.Add(new InstanceAddress(fixedIp.IpAddress, int.Parse(subnet.Cidr.Split('/')[1], CultureInfo.InvariantCulture), subnet.GatewayIp));
            }
        }

        return new InstancePort(port.Id, port.NetworkId, port.MacAddress, network.Networks.Find(port.NetworkId)?.Mtu ?? 1500, addresses);
    }

    private static void WriteFirstBootFiles(InstanceDirectory instance, string hostName, string? publicKey, string? userData)
    {
        var etc = Path.Combine(instance.Upper, "etc");
        Directory.CreateDirectory(etc);
        File.WriteAllText(Path.Combine(etc, "hostname"), hostName + "\n");
        File.WriteAllText(Path.Combine(etc, "hosts"), $"127.0.0.1\tlocalhost\n127.0.1.1\t{hostName}\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        if (publicKey is not null)
        {
            var ssh = Path.Combine(instance.Upper, "root", ".ssh");
            Directory.CreateDirectory(ssh);
            Shell.SetMode(Path.Combine(instance.Upper, "root"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Shell.SetMode(ssh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var keys = Path.Combine(ssh, "authorized_keys");
            File.WriteAllText(keys, publicKey.TrimEnd() + "\n");
            Shell.SetMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        if (UserDataScript.From(userData) is { } script)
        {
            File.WriteAllText(instance.UserDataScript, script);
        }
    }

    private static string? DecodeUserData(string? userData)
    {
        if (string.IsNullOrEmpty(userData))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(userData));
        }
        catch (FormatException)
        {
            return userData;
        }
    }

    private void StartMetadata(string instanceId)
    {
        if (_metadata.ContainsKey(instanceId))
        {
            return;
        }

        try
        {
            _metadata[instanceId] = MetadataServer.Start(Names.Instance(instanceId), DirectoryOf(instanceId).ConfigDrive);
        }
        catch (HypervisorException failure)
        {
            LogMetadataFailed(_logger, instanceId, failure.Message);
        }
    }

    /// <summary>Adopts an instance found running after a restart: its metadata service comes back.</summary>
    public void Adopt(string instanceId) => StartMetadata(instanceId);

    public async Task StopAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await KillAsync(instanceId);
        AppendConsole(instanceId, "[nuvola] instance stopped");
    }

    public async Task StartAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        if (!IsRunning(instanceId))
        {
            await BootAsync(instanceId, HostNameOf(instanceId), cancellationToken);
        }
    }

    public async Task RebootAsync(string instanceId, bool hard, CancellationToken cancellationToken = default)
    {
        AppendConsole(instanceId, hard ? "[nuvola] hard reboot" : "[nuvola] reboot");
        await KillAsync(instanceId);
        await BootAsync(instanceId, HostNameOf(instanceId), cancellationToken);
    }

    public Task PauseAsync(string instanceId, CancellationToken cancellationToken = default) => SignalAsync(instanceId, "STOP", true);

    public Task UnpauseAsync(string instanceId, CancellationToken cancellationToken = default) => SignalAsync(instanceId, "CONT", false);

    public Task SuspendAsync(string instanceId, CancellationToken cancellationToken = default) => SignalAsync(instanceId, "STOP", true);

    public Task ResumeAsync(string instanceId, CancellationToken cancellationToken = default) => SignalAsync(instanceId, "CONT", false);

    private async Task SignalAsync(string instanceId, string signal, bool paused)
    {
        foreach (var pid in await PidsAsync(instanceId))
        {
            await Shell.RunAsync("kill", "-" + signal, pid);
        }

        _paused[instanceId] = paused;
    }

    public async Task AttachVolumeAsync(string instanceId, InstanceVolume volume, CancellationToken cancellationToken = default)
    {
        var instance = DirectoryOf(instanceId);
        var volumes = ReadVolumes(instance).Where(v => v.VolumeId != volume.VolumeId).ToList();
        var loop = (await Shell.CheckAsync("losetup", "-f", "--show", volume.BackingFile)).Trim();
        volumes.Add((volume.VolumeId, volume.Device, loop));
        WriteVolumes(instance, volumes);
        if (InitPid(instanceId) is { } pid)
        {
            await Shell.CheckAsync("cp", "-a", loop, $"/proc/{pid}/root{volume.Device}");
            AppendConsole(instanceId, $"[nuvola] volume {volume.VolumeId} attached as {volume.Device}");
        }
    }

    public async Task DetachVolumeAsync(string instanceId, string volumeId, CancellationToken cancellationToken = default)
    {
        var instance = DirectoryOf(instanceId);
        var volumes = ReadVolumes(instance);
        foreach (var (_, device, loop) in volumes.Where(v => v.VolumeId == volumeId))
        {
            if (InitPid(instanceId) is { } pid)
            {
                File.Delete($"/proc/{pid}/root{device}");
            }

            await Shell.RunAsync("losetup", "-d", loop);
            AppendConsole(instanceId, $"[nuvola] volume {volumeId} detached from {device}");
        }

        WriteVolumes(instance, [.. volumes.Where(v => v.VolumeId != volumeId)]);
    }

    /// <summary>Frees the loop devices of an instance's volumes (they are set up again at its next boot).</summary>
    public async Task ReleaseVolumesAsync(string instanceId)
    {
        foreach (var (_, _, loop) in ReadVolumes(DirectoryOf(instanceId)))
        {
            await Shell.RunAsync("losetup", "-d", loop);
        }
    }

    public async Task DestroyAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await KillAsync(instanceId);
        Cgroups.Remove(instanceId);
        var instance = DirectoryOf(instanceId);
        await ReleaseVolumesAsync(instanceId);

        await RemoveNetnsAsync(instanceId);
        if (instance.Exists)
        {
            Directory.Delete(instance.Path, recursive: true);
        }

        if (Changed is { } changed)
        {
            await changed();
        }
    }

    /// <summary>Removes an instance's network namespace (its veth pairs go with it) and its metadata service.</summary>
    public async Task RemoveNetnsAsync(string instanceId)
    {
        if (_metadata.TryRemove(instanceId, out var server))
        {
            server.Dispose();
        }

        var netns = Names.Instance(instanceId);
        if (File.Exists("/run/netns/" + netns))
        {
            await Shell.RunAsync("ip", "netns", "del", netns);
        }
    }

    /// <summary>Kills every process of the instance and waits until none is left (its mounts go with its mount namespace).</summary>
    public async Task KillAsync(string instanceId)
    {
        _paused.TryRemove(instanceId, out _);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var pids = await PidsAsync(instanceId);
            if (LauncherPid(instanceId) is { } launcher)
            {
                pids = [.. pids, launcher.ToString(CultureInfo.InvariantCulture)];
            }

            if (pids.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new HypervisorException($"Instance {instanceId}: processes {string.Join(' ', pids)} did not end");
            }

            await Shell.RunAsync("kill", ["-KILL", .. pids]);
            await Task.Delay(10);
        }
    }

    /// <summary>The processes inside the instance's network namespace.</summary>
    private async Task<IReadOnlyList<string>> PidsAsync(string instanceId)
    {
        var netns = Names.Instance(instanceId);
        if (!File.Exists("/run/netns/" + netns))
        {
            return [];
        }

        var result = await Shell.RunAsync("ip", "netns", "pids", netns);
        return result.Ok ? result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
    }

    /// <summary>The pid of boot.sh/unshare when it is alive and still this instance's.</summary>
    public int? LauncherPid(string instanceId)
    {
        var pidFile = DirectoryOf(instanceId).PidFile;
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            return null;
        }

        try
        {
            // Empty while the process is between two execs (sh → ip → unshare): still ours.
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return commandLine.Length == 0 || commandLine.Contains(instanceId, StringComparison.Ordinal) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Whether boot.sh was started and its process is gone (its pid file names a pid /proc no longer has).</summary>
    private static bool LauncherGone(InstanceDirectory instance) =>
        File.Exists(instance.PidFile) && int.TryParse(File.ReadAllText(instance.PidFile).Trim(), out var pid) && !Directory.Exists($"/proc/{pid}");

    /// <summary>PID 1 of the instance (the child of unshare), seen from the host.</summary>
    public int? InitPid(string instanceId)
    {
        if (LauncherPid(instanceId) is not { } launcher)
        {
            return null;
        }

        try
        {
            var children = File.ReadAllText($"/proc/{launcher}/task/{launcher}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return children.Length > 0 && int.TryParse(children[0], out var child) ? child : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public bool IsRunning(string instanceId) => InitPid(instanceId) is not null;

    public string ConsoleOutput(string instanceId, int? lines = null)
    {
        var file = DirectoryOf(instanceId).Console;
        if (!File.Exists(file))
        {
            return string.Empty;
        }

        var text = ReadConsoleFrom(file, 0);
        if (lines is not { } n || n < 0)
        {
            return text;
        }

        var all = text.Split('\n');
        var count = text.EndsWith('\n') ? all.Length - 1 : all.Length;
        return string.Concat(all.Take(count).Skip(Math.Max(0, count - n)).Select(l => l + "\n"));
    }

    public PowerState StateOf(string instanceId) =>
        !DirectoryOf(instanceId).Exists ? PowerState.NoState
        : !IsRunning(instanceId) ? PowerState.Shutdown
        : _paused.TryGetValue(instanceId, out var paused) && paused ? PowerState.Paused
        : PowerState.Running;

    private string HostNameOf(string instanceId) =>
        _services.GetRequiredService<ServerStore>().Servers.Find(instanceId)?.HostName ?? "instance";

    private void AppendConsole(string instanceId, string line)
    {
        var file = DirectoryOf(instanceId).Console;
        if (Directory.Exists(Path.GetDirectoryName(file)))
        {
            File.AppendAllText(file, line + "\n");
        }
    }

    private static string ReadConsoleFrom(string file, long offset)
    {
        if (!File.Exists(file))
        {
            return string.Empty;
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        const long MaxBytes = 1 << 20;
        stream.Seek(Math.Max(offset, stream.Length - MaxBytes), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static List<(string VolumeId, string Device, string Loop)> ReadVolumes(InstanceDirectory instance) =>
        File.Exists(instance.VolumesFile)
            ? [.. File.ReadAllLines(instance.VolumesFile).Select(l => l.Split(' ')).Where(f => f.Length == 3).Select(f => (f[0], f[1], f[2]))]
            : [];

    private static void WriteVolumes(InstanceDirectory instance, IEnumerable<(string VolumeId, string Device, string Loop)> volumes) =>
        File.WriteAllLines(instance.VolumesFile, volumes.Select(v => $"{v.VolumeId} {v.Device} {v.Loop}"));

    public void Dispose()
    {
        foreach (var server in _metadata.Values)
        {
            server.Dispose();
        }

        _metadata.Clear();
    }

    [LoggerMessage(EventId = 70, Level = LogLevel.Warning, Message = "Instance {InstanceId}: no metadata service ({Reason})")]
    private static partial void LogMetadataFailed(ILogger logger, string instanceId, string reason);
}
