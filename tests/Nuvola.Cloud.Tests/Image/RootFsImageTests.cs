using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Extensions.DependencyInjection;
using Nuvola.Cloud.Hypervisors;
using Nuvola.Cloud.Hypervisors.Namespaces;
using Nuvola.Cloud.Hypervisors.Namespaces.Images;
using Nuvola.Cloud.Image;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Image;

/// <summary>
/// Which uploaded images the namespace hypervisor boots: images uploaded over HTTP to a real cloud, then turned into
/// lower layers by the hypervisor's image cache (tar runs for real; no namespace is needed for that part).
/// </summary>
public sealed class RootFsImageTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;
    private HttpClient _client = null!;
    private string _cacheDirectory = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        _client = _cloud.ClientWith(await _cloud.TokenAsync("demo"));
        _cacheDirectory = Directory.CreateTempSubdirectory("nuvola-image-cache-").FullName;
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_cacheDirectory, recursive: true);
        Assert.Empty(_cloud.Log.Faults());
        _client.Dispose();
        await _cloud.DisposeAsync();
    }

    private ImageCache Cache() =>
        new(_cacheDirectory, new HostImage(Path.Combine(_cacheDirectory, "host")), _cloud.Services.GetRequiredService<ImageStore>());

    private async Task<string> UploadAsync(string name, string diskFormat, string containerFormat, byte[] data)
    {
        var image = await ImageApi.CreateAsync(_client, new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = name,
            ["disk_format"] = diskFormat,
            ["container_format"] = containerFormat,
        });
        var id = image["id"]!.ToString();
        using var upload = await ImageApi.UploadAsync(_client, id, data);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, upload.StatusCode);
        return id;
    }

    /// <summary>A tiny root file system as a gzip-compressed tar: /bin/sh (a stand-in file) and /etc/os-release.</summary>
    private static byte[] RootFsTarGz(bool withShell = true)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Gnu))
        {
            foreach (var directory in new[] { "./", "./bin/", "./etc/" })
            {
                tar.WriteEntry(new GnuTarEntry(TarEntryType.Directory, directory) { Mode = (UnixFileMode)0b111_101_101 });
            }

            var files = new Dictionary<string, string> { ["./etc/os-release"] = "ID=tiny\n" };
            if (withShell)
            {
                files["./bin/sh"] = "#!/bin/true\n";
            }

            foreach (var (path, text) in files)
            {
                tar.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, path)
                {
                    Mode = (UnixFileMode)0b111_101_101,
                    DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)),
                });
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task A_gzip_tarball_uploaded_as_raw_bare_is_unpacked_once_into_a_shared_read_only_lower_layer()
    {
        var id = await UploadAsync("tiny", "raw", "bare", RootFsTarGz());
        var cache = Cache();

        var layers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => cache.LayersAsync(id)));

        Assert.All(layers, l => Assert.Equal(layers[0], l));
        Assert.Null(layers[0].UsrLower);
        Assert.Equal("ID=tiny\n", File.ReadAllText(Path.Combine(layers[0].RootLower, "etc", "os-release")));
        Assert.True(Directory.Exists(Path.Combine(layers[0].RootLower, "proc")), "mount points are made in the lower layer");
        var unpacked = Assert.Single(cache.Unpacked());
        Assert.StartsWith("sha512-", unpacked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_data_in_two_images_shares_one_unpacked_root_named_by_its_checksum()
    {
        var data = RootFsTarGz();
        var first = await UploadAsync("one", "raw", "compressed", data);
        var second = await UploadAsync("two", "raw", "bare", data);
        var cache = Cache();

        var a = await cache.LayersAsync(first);
        var b = await cache.LayersAsync(second);

        Assert.Equal(a.RootLower, b.RootLower);
        Assert.Single(cache.Unpacked());
    }

    [Fact]
    public async Task A_qcow2_image_is_refused_with_a_reason_that_names_the_format()
    {
        var id = await UploadAsync("disk", "qcow2", "bare", [(byte)'Q', (byte)'F', (byte)'I', 0xfb, 0, 0, 0, 3]);

        var refused = await Assert.ThrowsAsync<HypervisorException>(() => Cache().LayersAsync(id));

        Assert.Contains("qcow2 disk image", refused.Message, StringComparison.Ordinal);
        Assert.Contains("disk_format raw with container_format bare or compressed", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_data_that_is_no_tar_archive_and_a_tarball_without_a_shell_are_refused()
    {
        var notTar = await UploadAsync("noise", "raw", "bare", new byte[2048]);
        var noShell = await UploadAsync("shell-less", "raw", "bare", RootFsTarGz(withShell: false));
        var cache = Cache();

        var first = await Assert.ThrowsAsync<HypervisorException>(() => cache.LayersAsync(notTar));
        var second = await Assert.ThrowsAsync<HypervisorException>(() => cache.LayersAsync(noShell));

        Assert.Contains("is not a tar archive", first.Message, StringComparison.Ordinal);
        Assert.Contains("no /bin/sh", second.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cache.Unpacked(), d => Directory.Exists(Path.Combine(_cacheDirectory, d, "rootfs")));
    }

    [Theory]
    [InlineData(new byte[] { 0x1f, 0x8b, 8 }, "gzip")]
    [InlineData(new byte[] { 0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0 }, "xz")]
    [InlineData(new byte[] { 0x28, 0xb5, 0x2f, 0xfd }, "zstd")]
    [InlineData(new byte[] { (byte)'B', (byte)'Z', (byte)'h', (byte)'9' }, "bzip2")]
    public void Compression_is_told_by_magic_bytes(byte[] header, string compression)
    {
        Assert.Equal((compression, (string?)null), RootFsFormat.Classify("i", "raw", "bare", header));
    }

    [Theory]
    [InlineData("raw", "docker", "docker container archive")]
    [InlineData("iso", "bare", "ISO 9660 image")]
    [InlineData("vmdk", "bare", "vmdk disk image")]
    [InlineData("raw", "ovf", "disk_format raw with container_format ovf")]
    public void Other_format_pairs_are_refused_with_what_they_are(string diskFormat, string containerFormat, string what)
    {
        var (compression, refusal) = RootFsFormat.Classify("i", diskFormat, containerFormat, [0x1f, 0x8b]);

        Assert.Null(compression);
        Assert.Contains(what, refusal, StringComparison.Ordinal);
    }
}
