using Nuvola.Cloud.Hypervisors.Namespaces;

namespace Nuvola.Cloud.Tests.Hypervisors.Namespaces;

public sealed class BootTreeTests
{
    [Fact]
    public void Fingerprint_IsTheLineSshKeygenPrints()
    {
        // ssh-keygen -l -f on this public key printed the expected line (OpenSSH 9.2).
        const string PublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDuyzaUdlXLyCtuS5jccIuTFN+gLQcNeEzmDlHaLXra4 root@vm1\n";
        Assert.Equal("256 SHA256:k9BwvUi4uY2UZn6TpDlA7Na21dwaWT3/ba2EpmfH0Hw root@vm1 (ED25519)", BootTree.Fingerprint(PublicKey));
        Assert.Null(BootTree.Fingerprint("ssh-rsa AAAAB3NzaC1yc2E root@vm1"));
        Assert.Null(BootTree.Fingerprint("ssh-ed25519 not-base64! root@vm1"));
    }

    [Fact]
    public void Fstab_MountsInOrderWithEscapedPaths()
    {
        var instance = new InstanceDirectory("/data dir/instances", "id1");
        var lines = BootScripts.Fstab(instance, "/data dir/images/host/rootfs", "/usr").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["/data\\040dir/instances/id1/root", "/data\\040dir/instances/id1/root/usr", "/data\\040dir/instances/id1/root/proc"], lines.Take(3).Select(l => l.Split(' ')[1]));
        Assert.All(lines, l => Assert.Equal(6, l.Split(' ').Length));
        Assert.StartsWith("overlay /data\\040dir/instances/id1/root overlay lowerdir=/data\\040dir/images/host/rootfs,", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("/root/mnt/config none bind,ro,X-mount.mkdir 0 0", lines[^1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("devpts ", StringComparison.Ordinal) && l.Contains("newinstance", StringComparison.Ordinal));
    }

    [Fact]
    public void Ready_WhenSshdOrInitSaysItListens()
    {
        Assert.False(BootScripts.Ready("[nuvola] starting instance x\n[nuvola-init] vm1 booting\n"));
        Assert.True(BootScripts.Ready("Server listening on 0.0.0.0 port 22.\n"));
        Assert.True(BootScripts.Ready(BootScripts.ReadyMarker + "\n"));
    }
}
