using Nuvola.Cloud.Hypervisors.Namespaces.Images;

namespace Nuvola.Cloud.Hypervisors.Namespaces;

/// <summary>Snapshots: the instance's root file system (upper layer merged over its image) as a plain tar archive.</summary>
public sealed partial class NamespaceHypervisor : ISnapshotHypervisor
{
    public (string DiskFormat, string ContainerFormat) SnapshotFormat => (RootFsFormat.DiskFormat, "bare");

    public async Task<IReadOnlyDictionary<string, string>> SnapshotAsync(string instanceId, Func<Stream, Task> write, CancellationToken cancellationToken = default)
    {
        var instance = DirectoryOf(instanceId);
        if (!instance.Exists)
        {
            throw new HypervisorException($"Instance {instanceId} has no disk to snapshot.");
        }

        var layers = ImageLayers.Load(instance) ?? Images.Host;
        var mountPoint = Path.Combine(instance.Path, "snapshot-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(mountPoint);
        try
        {
            var script = SnapshotScript.For(instance, layers, mountPoint);
            await Commands.StreamAsync("unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", script], async output =>
            {
                await write(output);
                return true;
            }, cancellationToken);
        }
        finally
        {
            Directory.Delete(mountPoint);
        }

        return layers.HostUsr
            ? new Dictionary<string, string>(StringComparer.Ordinal) { [ImageCache.HostUsrProperty] = "host" }
            : new Dictionary<string, string>(StringComparer.Ordinal);
    }
}
