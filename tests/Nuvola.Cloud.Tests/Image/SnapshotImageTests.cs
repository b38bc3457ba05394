using Microsoft.Extensions.DependencyInjection;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Image;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Image;

/// <summary>Snapshots whose data a hypervisor packs: saving while it runs, active with its data, deleted when it fails.</summary>
public sealed class SnapshotImageTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync()
    {
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    private static AuthContext Owner() =>
        new("hash", "user-a", "user", "default", "project-a", "project", "default", null, [RoleNames.Member], DateTimeOffset.MaxValue);

    [Fact]
    public async Task A_packed_snapshot_is_saving_then_active_with_the_data_its_checksums_and_the_added_properties()
    {
        var catalog = _cloud.Services.GetRequiredService<IImageCatalog>();
        var store = _cloud.Services.GetRequiredService<ImageStore>();
        var properties = new Dictionary<string, string> { ["image_type"] = "snapshot", ["instance_uuid"] = "server-1" };
        var id = catalog.BeginSnapshot(Owner(), "snap", properties, baseImageId: null, "raw", "bare");
        Assert.Equal("saving", store.Images.Find(id)!.Status);
        var data = new byte[3000];
        Random.Shared.NextBytes(data);

        await catalog.FinishSnapshotAsync(id, async write =>
        {
            await write(new MemoryStream(data));
            return new Dictionary<string, string> { ["nuvola_usr_lower"] = "host" };
        });

        var image = store.Images.Find(id)!;
        Assert.Equal(("active", "raw", "bare", 3000L), (image.Status, image.DiskFormat, image.ContainerFormat, image.Size!.Value));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(data)), image.Checksum);
        Assert.Equal(data, File.ReadAllBytes(store.DataPath(id)));
        Assert.Equal("host", image.Properties["nuvola_usr_lower"]);
        Assert.Equal("server-1", image.Properties["instance_uuid"]);
    }

    [Fact]
    public async Task A_snapshot_whose_packing_fails_is_deleted()
    {
        var catalog = _cloud.Services.GetRequiredService<IImageCatalog>();
        var store = _cloud.Services.GetRequiredService<ImageStore>();
        var id = catalog.BeginSnapshot(Owner(), "snap", new Dictionary<string, string>(), baseImageId: null, "raw", "bare");

        await Assert.ThrowsAsync<Nuvola.Cloud.Hypervisors.HypervisorException>(() => catalog.FinishSnapshotAsync(id, _ => throw new Nuvola.Cloud.Hypervisors.HypervisorException("tar failed")));

        Assert.Null(store.Images.Find(id));
        Assert.False(store.HasData(id));
    }
}
