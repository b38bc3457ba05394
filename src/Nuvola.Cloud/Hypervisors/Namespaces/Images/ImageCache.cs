using System.Collections.Concurrent;
using System.Text;
using Nuvola.Cloud.Image;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Images;

/// <summary>
/// The lower layers of the images the namespace hypervisor boots. The built-in image (<see cref="HostImage"/>) serves
/// the images that have no root file system of their own (the profile's bootstrap images and the fake hypervisor's
/// snapshots hold placeholder data). An uploaded root file system tarball (see <see cref="RootFsFormat"/>) is unpacked
/// once, at the first boot of an instance of it, into DATA/hypervisor/images/sha512-HASH/rootfs (named by the content's
/// hash, so two images with the same data share it), read-only from then on and shared by every instance; concurrent
/// first boots wait for one unpack. Anything else is refused with a <see cref="HypervisorException"/> whose message
/// becomes the server's fault.
/// </summary>
public sealed class ImageCache(string directory, HostImage hostImage, ImageStore? store)
{
    /// <summary>Image property set on snapshots of instances whose /usr is the host's: the image holds only the changes under /usr.</summary>
    public const string HostUsrProperty = "nuvola_usr_lower";

    private static readonly byte[] PlaceholderStart = Encoding.UTF8.GetBytes("nuvola placeholder image data:");
    private static readonly string[] MountPoints = ["proc", "sys", "dev", "run", "tmp", "mnt", "root", "etc", "var/lib", "usr"];
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _unpacking = new(StringComparer.Ordinal);

    /// <summary>The layers of the built-in image.</summary>
    public ImageLayers Host => new(hostImage.RootDirectory, HostImage.UsrDirectory);

    /// <summary>The layers for an image (null: the built-in one), unpacking it first if needed.</summary>
    public async Task<ImageLayers> LayersAsync(string? imageId, CancellationToken cancellationToken = default)
    {
        if (imageId is null || store is null)
        {
            await hostImage.EnsureAsync();
            return Host;
        }

        var image = store.Images.Find(imageId) ?? throw new HypervisorException($"Image {imageId} could not be found.");
        if (image.Status != ImageStatus.Active || !store.HasData(imageId))
        {
            throw new HypervisorException($"Image {imageId} is not active (status {image.Status}).");
        }

        var header = ReadHeader(store.DataPath(imageId));
        if (header.AsSpan().StartsWith(PlaceholderStart))
        {
            await hostImage.EnsureAsync();
            return Host;
        }

        var (compression, refusal) = RootFsFormat.Classify(imageId, image.DiskFormat, image.ContainerFormat, header);
        if (compression is null)
        {
            throw new HypervisorException(refusal ?? $"Image {imageId} is not a root file system tarball.");
        }

        var hostUsr = image.Properties.TryGetValue(HostUsrProperty, out var usr) && usr == "host";
        if (hostUsr)
        {
            await hostImage.EnsureAsync();
        }

        var rootfs = await UnpackAsync(imageId, KeyOf(image), store.DataPath(imageId), compression, hostUsr, cancellationToken);
        return new ImageLayers(rootfs, hostUsr ? Path.Combine(rootfs, "usr") + ":" + HostImage.UsrDirectory : null);
    }

    /// <summary>The directory name of an image's unpacked root: its sha512 (or md5) checksum.</summary>
    public static string KeyOf(ImageRecord image) =>
        image.OsHashValue is { Length: >= 64 } sha ? "sha512-" + sha[..64] : "md5-" + (image.Checksum ?? image.Id);

    /// <summary>The unpacked image directories on disk (one per distinct content).</summary>
    public IReadOnlyList<string> Unpacked() =>
        Directory.Exists(directory) ? [.. Directory.EnumerateDirectories(directory).Select(Path.GetFileName).OfType<string>().Where(n => n != "host")] : [];

    private async Task<string> UnpackAsync(string imageId, string key, string data, string compression, bool hostUsr, CancellationToken cancellationToken)
    {
        var home = Path.Combine(directory, key);
        var rootfs = Path.Combine(home, "rootfs");
        var marker = Path.Combine(home, "complete");
        if (File.Exists(marker))
        {
            return rootfs;
        }

        var gate = _unpacking.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(marker))
            {
                return rootfs;
            }

            var partial = Path.Combine(home, "rootfs.partial");
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            Directory.CreateDirectory(partial);
            var arguments = new List<string> { "-x", "-f", data, "-C", partial, "--numeric-owner", "--same-permissions", "--xattrs", "--xattrs-include=*" };
            if (RootFsFormat.TarOption(compression) is { } option)
            {
                arguments.Add(option);
            }

            try
            {
                await Commands.RunAsync("tar", arguments, cancellationToken);
            }
            catch (HypervisorException failure)
            {
                Directory.Delete(partial, recursive: true);
                throw new HypervisorException($"Image {imageId} could not be unpacked as a root file system tarball ({failure.Message}).");
            }

            if (!hostUsr && !HasShell(partial))
            {
                Directory.Delete(partial, recursive: true);
                throw new HypervisorException($"Image {imageId} is a tar archive but not a root file system: it has no /bin/sh.");
            }

            foreach (var mountPoint in MountPoints)
            {
                var path = Path.Combine(partial, mountPoint);
                if (!Directory.Exists(path) && !File.Exists(path) && new FileInfo(path).LinkTarget is null)
                {
                    Directory.CreateDirectory(path);
                }
            }

            Shell.SetMode(Path.Combine(partial, "tmp"), (UnixFileMode)0b1_111_111_111);
            if (Directory.Exists(rootfs))
            {
                Directory.Delete(rootfs, recursive: true);
            }

            Directory.Move(partial, rootfs);
            File.WriteAllText(marker, imageId + "\n");
            return rootfs;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Whether the root has a /bin/sh (a link counts: a merged-/usr root links /bin to usr/bin).</summary>
    private static bool HasShell(string root) =>
        new[] { "bin/sh", "usr/bin/sh" }.Any(p => File.Exists(Path.Combine(root, p)) || new FileInfo(Path.Combine(root, p)).LinkTarget is not null);

    private static byte[] ReadHeader(string path)
    {
        using var file = File.OpenRead(path);
        var buffer = new byte[RootFsFormat.HeaderLength];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = file.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        return buffer[..total];
    }
}
