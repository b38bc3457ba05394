using System.Globalization;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Cgroups;

/// <summary>Which cgroup interface limits instances: the unified one (v2), the per-controller one (v1), or none.</summary>
public enum CgroupMode
{
    None,
    V1,
    V2,
}

/// <summary>
/// Flavor limits with cgroups: one cgroup per instance, named PREFIX-i-ID like its network namespace. With cgroup v2
/// (/sys/fs/cgroup is cgroup2): memory.max = flavor ram, cpu.max = vcpus × the period, pids.max. With cgroup v1 (the
/// memory and cpu controllers mounted under /sys/fs/cgroup/*): memory.limit_in_bytes, cpu.cfs_quota_us over
/// cpu.cfs_period_us, and pids.max when the pids controller is mounted. boot.sh writes its pid into the cgroup(s) before it
/// starts the instance, so every process of the instance is in them; they are removed when the instance is destroyed,
/// by the crash-recovery cleanup and at a clean shutdown.
/// </summary>
public sealed class InstanceCgroups
{
    /// <summary>The CPU period (µs) the quota is a multiple of: one vCPU is one full core.</summary>
    public const int CpuPeriod = 100_000;

    /// <summary>The most processes an instance may have (flavors say nothing; this stops a fork bomb).</summary>
    public const int PidsMax = 4096;

    private readonly NamespaceNames _names;

    /// <summary>Controller → mount point (v1); for v2 one entry "" → /sys/fs/cgroup.</summary>
    private readonly IReadOnlyDictionary<string, string> _mounts;

    public InstanceCgroups(NamespaceNames names, CgroupMode mode, IReadOnlyDictionary<string, string> mounts)
    {
        _names = names;
        Mode = mode;
        _mounts = mounts;
    }

    public CgroupMode Mode { get; }

    /// <summary>Finds the machine's cgroup interface from /proc/mounts.</summary>
    public static InstanceCgroups Detect(NamespaceNames names) =>
        FromMounts(names, File.Exists("/proc/mounts") ? File.ReadAllText("/proc/mounts") : string.Empty);

    /// <summary>Reads the cgroup interface from the text of /proc/mounts: v2 when /sys/fs/cgroup is cgroup2, v1 when memory and cpu are mounted.</summary>
    public static InstanceCgroups FromMounts(NamespaceNames names, string mounts)
    {
        var v1 = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in mounts.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length < 4)
            {
                continue;
            }

            if (fields[2] == "cgroup2" && fields[1] == "/sys/fs/cgroup")
            {
                return new InstanceCgroups(names, CgroupMode.V2, new Dictionary<string, string> { [string.Empty] = fields[1] });
            }

            if (fields[2] == "cgroup")
            {
                foreach (var controller in fields[3].Split(',').Where(o => o is "memory" or "cpu" or "pids"))
                {
                    v1.TryAdd(controller, fields[1]);
                }
            }
        }

        return v1.ContainsKey("memory") && v1.ContainsKey("cpu")
            ? new InstanceCgroups(names, CgroupMode.V1, v1)
            : new InstanceCgroups(names, CgroupMode.None, new Dictionary<string, string>());
    }

    /// <summary>One line for the log: which interface limits instances, or that none does.</summary>
    public string Describe() => Mode switch
    {
        CgroupMode.V2 => $"cgroup v2 at {_mounts[string.Empty]} (memory.max, cpu.max, pids.max)",
        CgroupMode.V1 => $"cgroup v1 ({string.Join(", ", _mounts.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Key + " at " + m.Value))})",
        _ => "none: no cgroup v2 at /sys/fs/cgroup and no cgroup v1 memory and cpu controllers; flavor ram and vcpus are not enforced",
    };

    public string NameOf(string instanceId) => _names.Instance(instanceId);

    /// <summary>The instance's cgroup directories (one for v2, one per controller for v1).</summary>
    public IReadOnlyList<string> DirectoriesOf(string instanceId) =>
        [.. _mounts.Values.Distinct(StringComparer.Ordinal).Select(m => Path.Combine(m, NameOf(instanceId)))];

    /// <summary>The cgroup.procs files boot.sh writes its pid to.</summary>
    public IReadOnlyList<string> ProcsFilesOf(string instanceId) => [.. DirectoriesOf(instanceId).Select(d => Path.Combine(d, "cgroup.procs"))];

    /// <summary>The limit files and values for a flavor, relative to the controller's directory (v1: keyed by controller).</summary>
    public static IReadOnlyList<(string Controller, string File, string Value)> Limits(CgroupMode mode, int ramMb, int vcpus)
    {
        var limits = new List<(string, string, string)>();
        var memory = ((long)ramMb * 1024 * 1024).ToString(CultureInfo.InvariantCulture);
        var quota = ((long)vcpus * CpuPeriod).ToString(CultureInfo.InvariantCulture);
        var period = CpuPeriod.ToString(CultureInfo.InvariantCulture);
        var pids = PidsMax.ToString(CultureInfo.InvariantCulture);
        if (mode == CgroupMode.V2)
        {
            if (ramMb > 0)
            {
                limits.Add(("memory", "memory.max", memory));
            }

            if (vcpus > 0)
            {
                limits.Add(("cpu", "cpu.max", quota + " " + period));
            }

            limits.Add(("pids", "pids.max", pids));
        }
        else if (mode == CgroupMode.V1)
        {
            if (ramMb > 0)
            {
                limits.Add(("memory", "memory.limit_in_bytes", memory));
            }

            if (vcpus > 0)
            {
                limits.Add(("cpu", "cpu.cfs_period_us", period));
                limits.Add(("cpu", "cpu.cfs_quota_us", quota));
            }

            limits.Add(("pids", "pids.max", pids));
        }

        return limits;
    }

    /// <summary>Creates the instance's cgroup(s) and writes the flavor's limits; returns the cgroup.procs files to join.</summary>
    public IReadOnlyList<string> Apply(string instanceId, int ramMb, int vcpus)
    {
        if (Mode == CgroupMode.None)
        {
            return [];
        }

        if (Mode == CgroupMode.V2)
        {
            EnableV2Controllers(_mounts[string.Empty]);
        }

        foreach (var directory in DirectoriesOf(instanceId))
        {
            Directory.CreateDirectory(directory);
        }

        foreach (var (controller, file, value) in Limits(Mode, ramMb, vcpus))
        {
            var mount = Mode == CgroupMode.V2 ? _mounts[string.Empty] : _mounts.GetValueOrDefault(controller);
            var path = mount is null ? null : Path.Combine(mount, NameOf(instanceId), file);
            if (path is not null && File.Exists(path))
            {
                try
                {
                    File.WriteAllText(path, value);
                }
                catch (IOException failure)
                {
                    throw new HypervisorException($"Instance {instanceId}: cannot set {file} to {value} ({failure.Message})");
                }
            }
        }

        return ProcsFilesOf(instanceId);
    }

    /// <summary>Removes the instance's cgroup(s) once its processes are gone; idempotent.</summary>
    public void Remove(string instanceId)
    {
        foreach (var directory in DirectoriesOf(instanceId).Where(Directory.Exists))
        {
            try
            {
                Directory.Delete(directory);
            }
            catch (IOException)
            {
                // Still busy (a process not yet reaped): the next cleanup removes it.
            }
        }
    }

    /// <summary>The instance ids that have a cgroup of this cloud.</summary>
    public IReadOnlyList<string> Owned()
    {
        var prefix = _names.Prefix + "-i-";
        return [.. _mounts.Values.Distinct(StringComparer.Ordinal).Where(Directory.Exists)
            .SelectMany(m => Directory.EnumerateDirectories(m, prefix + "*"))
            .Select(d => _names.InstanceIdOf(Path.GetFileName(d)))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)];
    }

    private static void EnableV2Controllers(string root)
    {
        var control = Path.Combine(root, "cgroup.subtree_control");
        foreach (var controller in new[] { "memory", "cpu", "pids" })
        {
            try
            {
                File.WriteAllText(control, "+" + controller);
            }
            catch (IOException)
            {
                // Not available at this level: the limit file will be missing and is skipped.
            }
        }
    }
}
