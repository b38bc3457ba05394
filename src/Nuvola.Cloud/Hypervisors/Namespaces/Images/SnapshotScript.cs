using System.Text;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Images;

/// <summary>
/// The shell script that packs an instance into a snapshot, run in a private mount namespace of its own (unshare), so
/// that its mounts are never seen by the host or the instance: a read-only overlay of the instance's upper layer over its
/// image's lower one (the merged view, deletions applied), with, when /usr is the host's, the instance's changes under
/// /usr (its raw upper layer, whiteouts included, or merged over the parent snapshot's changes) mounted at /usr; then
/// tar writes the whole to standard output. Left out: what is per instance (the SSH host keys, the first-boot marker of
/// the user data, the config drive's mount point), so that a server booted from the snapshot is a new instance.
/// </summary>
public static class SnapshotScript
{
    /// <summary>What tar leaves out (patterns relative to the root).</summary>
    public static IReadOnlyList<string> Excluded { get; } = ["./var/lib/nuvola", "./etc/ssh/ssh_host_*", "./mnt/config"];

    public static string For(InstanceDirectory instance, ImageLayers layers, string mountPoint)
    {
        var script = new StringBuilder();
        script.Append("set -e\n");
        script.Append("M=").Append(Q(mountPoint)).Append('\n');
        script.Append("mount -t overlay overlay -o ro,lowerdir=").Append(Q(instance.Upper + ":" + layers.RootLower)).Append(" \"$M\"\n");
        if (layers.UsrLower is { } usrLower)
        {
            var parents = usrLower.Split(':').Where(l => l != HostImage.UsrDirectory).ToList();
            if (parents.Count == 0)
            {
                script.Append("mount --bind ").Append(Q(instance.UsrUpper)).Append(" \"$M/usr\"\n");
            }
            else
            {
                script.Append("mount -t overlay overlay -o ro,lowerdir=").Append(Q(string.Join(':', [instance.UsrUpper, .. parents]))).Append(" \"$M/usr\"\n");
            }
        }

        script.Append("cd \"$M\"\n");
        script.Append("exec tar -c -f - --numeric-owner --xattrs --xattrs-include='trusted.overlay.*'");
        foreach (var excluded in Excluded)
        {
            script.Append(" --exclude=").Append(Q(excluded));
        }

        script.Append(" .\n");
        return script.ToString();
    }

    private static string Q(string value) => UserDataScript.Quote(value);
}
