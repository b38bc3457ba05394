namespace Nuvola.Cloud.Hypervisors.Namespaces.Images;

/// <summary>
/// Which Glance images the namespace hypervisor boots: a root file system as a tar archive, disk_format "raw" with
/// container_format "bare" or "compressed", the data a plain tar or a tar compressed with gzip, xz, zstd or bzip2
/// (told apart by their magic bytes, never by the name). Every other pair is refused with the reason (a qcow2 or vmdk
/// disk is a block device image a namespace cannot boot; "docker" is the layered output of docker save, not one root
/// file system; "ovf"/"ova"/"ami"… are not root file systems).
/// </summary>
public static class RootFsFormat
{
    /// <summary>The disk format the namespace hypervisor accepts.</summary>
    public const string DiskFormat = "raw";

    /// <summary>The container formats it accepts with <see cref="DiskFormat"/>.</summary>
    public static IReadOnlyList<string> ContainerFormats { get; } = ["bare", "compressed"];

    /// <summary>How many leading bytes <see cref="Classify"/> needs (the tar magic is at offset 257).</summary>
    public const int HeaderLength = 512;

    /// <summary>
    /// The compression of the archive ("none", "gzip", "xz", "zstd", "bzip2") when the image is a usable root file
    /// system tarball; otherwise null and the reason, phrased for the server's fault.
    /// </summary>
    public static (string? Compression, string? Refusal) Classify(string imageId, string? diskFormat, string? containerFormat, ReadOnlySpan<byte> header)
    {
        var accepted = $"the namespace hypervisor boots root file system tarballs: disk_format {DiskFormat} with container_format {string.Join(" or ", ContainerFormats)}, the data a tar archive (plain, gzip, xz, zstd or bzip2)";
        if (!string.Equals(diskFormat, DiskFormat, StringComparison.Ordinal) || containerFormat is null || !ContainerFormats.Contains(containerFormat))
        {
            var what = diskFormat switch
            {
                "qcow2" or "vmdk" or "vdi" or "vhd" or "vhdx" or "ploop" => $"a {diskFormat} disk image, which needs a virtual machine",
                "iso" => "an ISO 9660 image, which needs a virtual machine",
                "aki" or "ari" or "ami" => $"an Amazon {diskFormat} kernel, ramdisk or machine image",
                _ when containerFormat == "docker" => "a docker container archive (docker save output: layers, not one root file system)",
                _ => $"disk_format {diskFormat ?? "None"} with container_format {containerFormat ?? "None"}",
            };
            return (null, $"Image {imageId} is {what}: {accepted}.");
        }

        var compression = Compression(header);
        if (compression is not null)
        {
            return (compression, null);
        }

        return IsTar(header)
            ? ("none", null)
            : (null, $"Image {imageId} data is not a tar archive: {accepted}.");
    }

    /// <summary>The compressor whose magic bytes start the data, or null.</summary>
    public static string? Compression(ReadOnlySpan<byte> header) =>
        header.StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b]) ? "gzip"
        : header.StartsWith((ReadOnlySpan<byte>)[0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00]) ? "xz"
        : header.StartsWith((ReadOnlySpan<byte>)[0x28, 0xb5, 0x2f, 0xfd]) ? "zstd"
        : header.StartsWith("BZh"u8) ? "bzip2"
        : null;

    /// <summary>Whether the bytes start a POSIX/GNU tar archive ("ustar" at offset 257).</summary>
    public static bool IsTar(ReadOnlySpan<byte> header) => header.Length >= 262 && header.Slice(257, 5).SequenceEqual("ustar"u8);

    /// <summary>The tar option that decompresses the given compression.</summary>
    public static string? TarOption(string compression) => compression switch
    {
        "gzip" => "--gzip",
        "xz" => "--xz",
        "zstd" => "--zstd",
        "bzip2" => "--bzip2",
        _ => null,
    };
}
