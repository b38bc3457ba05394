namespace Nuvola.Cloud.Hypervisors.Namespaces;

/// <summary>
/// Where one instance keeps its files under DATA/hypervisor/instances/ID: the overlay's upper and work directories (for
/// the root and for /usr), the mount point, the config drive, the boot scripts and tree, the console log and the pid of its launcher.
/// </summary>
public sealed class InstanceDirectory(string root, string instanceId)
{
    public string InstanceId { get; } = instanceId;

    public string Path { get; } = System.IO.Path.Combine(root, instanceId);

    public string Upper => Combine("upper");

    public string Work => Combine("work");

    public string UsrUpper => Combine("usr-upper");

    public string UsrWork => Combine("usr-work");

    public string MountPoint => Combine("root");

    public string ConfigDrive => Combine("config-drive");

    public string Console => Combine("console.log");

    public string PidFile => Combine("pid");

    public string BootScript => Combine("boot.sh");

    public string Stage1Script => Combine("stage1.sh");

    /// <summary>The instance's mounts, for `mount -a -T` in stage1.sh.</summary>
    public string Fstab => Combine("fstab");

    /// <summary>What stage1.sh copies onto the fresh /dev and /run (device nodes, /run/sshd, /run/nuvola with init.sh).</summary>
    public string BootTree => Combine("boot");

    /// <summary>The host key fingerprints made at first boot, moved to the console at the next boot.</summary>
    public string PendingFingerprints => Combine("fingerprints");

    public string UserDataScript => Combine("user-data.sh");

    public string VolumesFile => Combine("volumes");

    public void Create()
    {
        foreach (var directory in new[] { Upper, Work, UsrUpper, UsrWork, MountPoint, ConfigDrive })
        {
            Directory.CreateDirectory(directory);
        }
    }

    public bool Exists => Directory.Exists(Path);

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
