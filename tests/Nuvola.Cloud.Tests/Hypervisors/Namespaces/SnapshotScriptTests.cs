using Nuvola.Cloud.Hypervisors.Namespaces;
using Nuvola.Cloud.Hypervisors.Namespaces.Images;

namespace Nuvola.Cloud.Tests.Hypervisors.Namespaces;

public sealed class SnapshotScriptTests
{
    private static readonly InstanceDirectory Instance = new("/data/hypervisor/instances", "abc");

    [Fact]
    public void An_instance_of_the_built_in_image_is_packed_as_its_merged_root_plus_its_raw_changes_under_usr()
    {
        var script = SnapshotScript.For(Instance, new ImageLayers("/data/images/host/rootfs", "/usr"), "/m");

        Assert.Contains("mount -t overlay overlay -o ro,lowerdir='/data/hypervisor/instances/abc/upper:/data/images/host/rootfs' \"$M\"", script, StringComparison.Ordinal);
        Assert.Contains("mount --bind '/data/hypervisor/instances/abc/usr-upper' \"$M/usr\"", script, StringComparison.Ordinal);
        Assert.Contains("--exclude='./etc/ssh/ssh_host_*'", script, StringComparison.Ordinal);
        Assert.Contains("--exclude='./var/lib/nuvola'", script, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_of_a_snapshot_merges_the_changes_under_usr_over_the_parents_and_a_tarball_root_has_no_usr_mount()
    {
        var again = SnapshotScript.For(Instance, new ImageLayers("/img/rootfs", "/img/rootfs/usr:/usr"), "/m");
        var tarball = SnapshotScript.For(Instance, new ImageLayers("/img/rootfs", null), "/m");

        Assert.Contains("lowerdir='/data/hypervisor/instances/abc/usr-upper:/img/rootfs/usr' \"$M/usr\"", again, StringComparison.Ordinal);
        Assert.DoesNotContain("$M/usr", tarball, StringComparison.Ordinal);
    }
}
