using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.BlockStorage;

public sealed class VolumeLifecycleTests
{
    [Fact]
    public async Task A_created_volume_becomes_available_with_a_sparse_backing_file_that_grows_on_extend()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var api = await VolumeApi.ForAsync(cloud, "demo");

        var volume = await api.CreateVolumeAsync(new JsonObject { ["size"] = 1, ["name"] = "v1", ["metadata"] = new JsonObject { ["k"] = "v" } });
        var id = volume["id"]!.ToString();
        var path = Path.Combine(cloud.DataDirectory, "volumes", id + ".img");

        Assert.Equal("v1", volume["name"]!.ToString());
        Assert.Equal("false", volume["bootable"]!.ToString());
        Assert.Equal("nova", volume["availability_zone"]!.ToString());
        Assert.Equal("v", volume["metadata"]!["k"]!.ToString());
        Assert.Equal(1L << 30, new FileInfo(path).Length);

        using var extend = await api.PostAsync($"/volumes/{id}/action", new JsonObject { ["os-extend"] = new JsonObject { ["new_size"] = 3 } });
        Assert.Equal(HttpStatusCode.Accepted, extend.StatusCode);
        var extended = await api.WaitForAsync("volumes", id, "volume", "available");
        Assert.Equal(3, extended["size"]!.GetValue<int>());
        Assert.Equal(3L << 30, new FileInfo(path).Length);

        using var shrink = await api.PostAsync($"/volumes/{id}/action", new JsonObject { ["os-extend"] = new JsonObject { ["new_size"] = 2 } });
        Assert.Equal(HttpStatusCode.BadRequest, shrink.StatusCode);

        using var delete = await api.DeleteAsync($"/volumes/{id}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        using var gone = await api.GetAsync($"/volumes/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.NotNull((await TestCloud.JsonAsync(gone))["itemNotFound"]);
        Assert.False(File.Exists(path));
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task A_snapshot_blocks_deleting_its_volume_and_a_new_volume_can_be_made_from_it()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var api = await VolumeApi.ForAsync(cloud, "demo");
        var volume = await api.CreateVolumeAsync(new JsonObject { ["size"] = 1 });
        var volumeId = volume["id"]!.ToString();
        await File.WriteAllBytesAsync(Path.Combine(cloud.DataDirectory, "volumes", volumeId + ".img"), [1, 2, 3]);

        var snapshot = await api.CreateSnapshotAsync(volumeId, "s1");
        using var refused = await api.DeleteAsync($"/volumes/{volumeId}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var copy = await api.CreateVolumeAsync(new JsonObject { ["snapshot_id"] = snapshot["id"]!.ToString() });
        Assert.Equal(snapshot["id"]!.ToString(), copy["snapshot_id"]!.ToString());
        Assert.Equal(1, copy["size"]!.GetValue<int>());
        var copyPath = Path.Combine(cloud.DataDirectory, "volumes", copy["id"] + ".img");
        using (var file = File.OpenRead(copyPath))
        {
            var head = new byte[3];
            await file.ReadExactlyAsync(head);
            Assert.Equal(new byte[] { 1, 2, 3 }, head);
        }

        using var deleteSnapshot = await api.DeleteAsync($"/snapshots/{snapshot["id"]}");
        Assert.Equal(HttpStatusCode.Accepted, deleteSnapshot.StatusCode);
        using var deleteVolume = await api.DeleteAsync($"/volumes/{volumeId}");
        Assert.Equal(HttpStatusCode.Accepted, deleteVolume.StatusCode);
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task A_volume_from_an_image_is_bootable_and_uploading_it_makes_an_active_image()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var api = await VolumeApi.ForAsync(cloud, "demo");
        using var images = await api.Client.GetAsync("/image/v2/images");
        var image = (await TestCloud.JsonAsync(images))["images"]!.AsArray().First()!;

        var volume = await api.CreateVolumeAsync(new JsonObject { ["size"] = 1, ["imageRef"] = image["id"]!.ToString() });
        Assert.Equal("true", volume["bootable"]!.ToString());
        Assert.Equal(image["id"]!.ToString(), volume["volume_image_metadata"]!["image_id"]!.ToString());

        using var upload = await api.PostAsync($"/volumes/{volume["id"]}/action", new JsonObject
        {
            ["os-volume_upload_image"] = new JsonObject { ["image_name"] = "from-volume", ["disk_format"] = "raw" },
        });
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var imageId = (await TestCloud.JsonAsync(upload))["os-volume_upload_image"]!["image_id"]!.ToString();
        using var shown = await api.Client.GetAsync($"/image/v2/images/{imageId}");
        var uploaded = await TestCloud.JsonAsync(shown);
        Assert.Equal("active", uploaded["status"]!.ToString());
        Assert.Equal("raw", uploaded["disk_format"]!.ToString());
        Assert.Equal("from-volume", uploaded["name"]!.ToString());
        Assert.Empty(cloud.Log.Faults());
    }
}
