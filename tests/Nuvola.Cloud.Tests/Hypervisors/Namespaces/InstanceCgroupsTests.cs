using Nuvola.Cloud.Hypervisors.Namespaces;
using Nuvola.Cloud.Hypervisors.Namespaces.Cgroups;

namespace Nuvola.Cloud.Tests.Hypervisors.Namespaces;

public sealed class InstanceCgroupsTests
{
    private static readonly NamespaceNames Names = new("nv1234");

    private const string V1Mounts = """
        tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0
        cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,relatime,cpu,cpuacct 0 0
        cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0
        cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0
        cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0
        """;

    [Fact]
    public void Cgroup_v2_is_chosen_when_sys_fs_cgroup_is_cgroup2_and_v1_when_memory_and_cpu_are_mounted()
    {
        var v2 = InstanceCgroups.FromMounts(Names, "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid 0 0\n");
        var v1 = InstanceCgroups.FromMounts(Names, V1Mounts);
        var none = InstanceCgroups.FromMounts(Names, "proc /proc proc rw 0 0\ncgroup /sys/fs/cgroup/pids cgroup rw,pids 0 0\n");

        Assert.Equal((CgroupMode.V2, CgroupMode.V1, CgroupMode.None), (v2.Mode, v1.Mode, none.Mode));
        Assert.Equal(["/sys/fs/cgroup/nv1234-i-abc"], v2.DirectoriesOf("abc"));
        Assert.Equal(
            ["/sys/fs/cgroup/cpu,cpuacct/nv1234-i-abc/cgroup.procs", "/sys/fs/cgroup/memory/nv1234-i-abc/cgroup.procs", "/sys/fs/cgroup/pids/nv1234-i-abc/cgroup.procs"],
            v1.ProcsFilesOf("abc").Order(StringComparer.Ordinal));
        Assert.StartsWith("none", none.Describe(), StringComparison.Ordinal);
        Assert.StartsWith("cgroup v1", v1.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Flavor_ram_and_vcpus_become_memory_and_cpu_quota_limits()
    {
        Assert.Equal(
            [("memory", "memory.max", "536870912"), ("cpu", "cpu.max", "200000 100000"), ("pids", "pids.max", "4096")],
            InstanceCgroups.Limits(CgroupMode.V2, 512, 2));
        Assert.Equal(
            [("memory", "memory.limit_in_bytes", "67108864"), ("cpu", "cpu.cfs_period_us", "100000"), ("cpu", "cpu.cfs_quota_us", "100000"), ("pids", "pids.max", "4096")],
            InstanceCgroups.Limits(CgroupMode.V1, 64, 1));
        Assert.Empty(InstanceCgroups.Limits(CgroupMode.None, 64, 1));
    }

    [Fact]
    public void Apply_makes_one_cgroup_per_controller_that_Owned_finds_and_Remove_removes()
    {
        var root = Directory.CreateTempSubdirectory("nuvola-cgroups-").FullName;
        try
        {
            var memory = Directory.CreateDirectory(Path.Combine(root, "memory")).FullName;
            var cpu = Directory.CreateDirectory(Path.Combine(root, "cpu")).FullName;
            Directory.CreateDirectory(Path.Combine(memory, "nv9999-i-other"));
            var cgroups = InstanceCgroups.FromMounts(Names, $"cgroup {memory} cgroup rw,memory 0 0\ncgroup {cpu} cgroup rw,cpu 0 0\n");

            var procs = cgroups.Apply("abc", 512, 1);

            Assert.Equal(2, procs.Count);
            Assert.True(Directory.Exists(Path.Combine(memory, "nv1234-i-abc")));
            Assert.Equal(["abc"], cgroups.Owned());
            cgroups.Remove("abc");
            Assert.Empty(cgroups.Owned());
            Assert.True(Directory.Exists(Path.Combine(memory, "nv9999-i-other")), "another cloud's cgroup stays");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
