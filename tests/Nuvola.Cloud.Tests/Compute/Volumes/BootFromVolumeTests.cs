using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nuvola.Cloud.Hypervisors;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Volumes;

public sealed class BootFromVolumeTests : IAsyncLifetime
{
    private AttachmentCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await AttachmentCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private JsonObject BootBody(string name, params JsonObject[] devices)
    {
        var body = _cloud.Servers.ServerBody(name);
        body["imageRef"] = string.Empty;
        body["block_device_mapping_v2"] = new JsonArray([.. devices]);
        return body;
    }

    private static async Task<string> BadRequestAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await TestCloud.JsonAsync(response))["badRequest"]!["message"]!.ToString();
    }

    [Fact]
    public async Task A_server_booted_from_an_image_volume_shows_no_image_and_its_volume_goes_with_it()
    {
        var demo = _cloud.Servers.Demo;
        var body = BootBody("bfv-image", new JsonObject
        {
            ["source_type"] = "image",
            ["uuid"] = _cloud.Servers.ImageId,
            ["destination_type"] = "volume",
            ["boot_index"] = 0,
            ["volume_size"] = 1,
            ["delete_on_termination"] = true,
        });

        using var response = await _cloud.Servers.PostServerAsync(demo, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await TestCloud.JsonAsync(response))["server"]!["id"]!.ToString();
        var server = await _cloud.Servers.WaitForStatusAsync(demo, id, "ACTIVE");

        Assert.Equal(string.Empty, server["image"]!.GetValue<string>());
        var volumeId = Assert.Single(server["os-extended-volumes:volumes_attached"]!.AsArray())!["id"]!.ToString();
        var volume = await _cloud.DemoVolumes.WaitForAsync("volumes", volumeId, "volume", "in-use");
        Assert.Equal("true", volume["bootable"]!.ToString());
        Assert.Equal(_cloud.Servers.ImageId, volume["volume_image_metadata"]!["image_id"]!.ToString());
        Assert.Equal("/dev/vda", volume["attachments"]![0]!["device"]!.ToString());
        var root = Assert.Single(((FakeHypervisor)_cloud.Cloud.Services.GetRequiredService<IHypervisor>()).VolumesOf(id));
        Assert.Equal(0, root.BootIndex);
        Assert.Equal(Path.Combine(_cloud.Cloud.DataDirectory, "volumes", volumeId + ".img"), root.BackingFile);

        using (var detachRoot = await AttachmentCloud.DetachAsync(demo, id, volumeId))
        {
            Assert.Equal("Cannot detach a root device volume", await BadRequestAsync(detachRoot));
        }

        using (var delete = await AttachmentCloud.SendAsync(demo, HttpMethod.Delete, $"/servers/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var gone = await _cloud.DemoVolumes.GetAsync($"/volumes/{volumeId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_server_booted_from_an_existing_volume_leaves_it_available_when_deleted()
    {
        var demo = _cloud.Servers.Demo;
        var volumeId = (await _cloud.DemoVolumes.CreateVolumeAsync(new JsonObject { ["size"] = 1, ["imageRef"] = _cloud.Servers.ImageId, ["name"] = "root" }))["id"]!.ToString();
        var body = BootBody("bfv-volume", new JsonObject
        {
            ["source_type"] = "volume",
            ["uuid"] = volumeId,
            ["destination_type"] = "volume",
            ["boot_index"] = "0",
        });

        using var response = await _cloud.Servers.PostServerAsync(demo, body, "2.79");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await TestCloud.JsonAsync(response))["server"]!["id"]!.ToString();
        await _cloud.Servers.WaitForStatusAsync(demo, id, "ACTIVE");
        var volume = await _cloud.DemoVolumes.WaitForAsync("volumes", volumeId, "volume", "in-use");
        Assert.Equal(id, volume["attachments"]![0]!["server_id"]!.ToString());
        var attachments = await AttachmentCloud.ListAsync(demo, id, version: "2.79");
        Assert.False((bool)Assert.Single(attachments)!["delete_on_termination"]!);

        using (var delete = await AttachmentCloud.SendAsync(demo, HttpMethod.Delete, $"/servers/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        await _cloud.DemoVolumes.WaitForAsync("volumes", volumeId, "volume", "available");
    }

    [Fact]
    public async Task An_image_server_takes_an_extra_blank_volume_and_a_snapshot_volume_at_create()
    {
        var demo = _cloud.Servers.Demo;
        var source = await _cloud.VolumeAsync(_cloud.DemoVolumes, "source");
        var snapshot = await _cloud.DemoVolumes.CreateSnapshotAsync(source, "snap");
        var body = _cloud.Servers.ServerBody("image-plus-volumes");
        body["block_device_mapping_v2"] = new JsonArray(
            new JsonObject { ["source_type"] = "blank", ["destination_type"] = "volume", ["volume_size"] = 1, ["delete_on_termination"] = true },
            new JsonObject { ["source_type"] = "snapshot", ["uuid"] = snapshot["id"]!.ToString(), ["destination_type"] = "volume" });

        using var response = await _cloud.Servers.PostServerAsync(demo, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await TestCloud.JsonAsync(response))["server"]!["id"]!.ToString();
        var server = await _cloud.Servers.WaitForStatusAsync(demo, id, "ACTIVE");

        Assert.Equal(_cloud.Servers.ImageId, server["image"]!["id"]!.ToString());
        var attachments = await AttachmentCloud.ListAsync(demo, id);
        Assert.Equal(["/dev/vdb", "/dev/vdc"], attachments.Select(a => a!["device"]!.ToString()).ToArray());
        var fromSnapshot = await _cloud.DemoVolumes.WaitForAsync("volumes", attachments[1]!["volumeId"]!.ToString(), "volume", "in-use");
        Assert.Equal(snapshot["id"]!.ToString(), fromSnapshot["snapshot_id"]!.ToString());
    }

    [Fact]
    public async Task Bad_mappings_are_refused_with_400_and_nothing_is_left_reserved()
    {
        var demo = _cloud.Servers.Demo;
        var volumeId = await _cloud.VolumeAsync(_cloud.DemoVolumes, "not-bootable");
        var missing = Guid.NewGuid().ToString();

        using (var noUuid = await _cloud.Servers.PostServerAsync(demo, BootBody("x", new JsonObject { ["source_type"] = "volume", ["boot_index"] = 0 })))
        {
            Assert.Equal("Block Device Mapping is Invalid: Missing device UUID.", await BadRequestAsync(noUuid));
        }

        using (var noBoot = await _cloud.Servers.PostServerAsync(demo, BootBody("x", new JsonObject { ["source_type"] = "volume", ["uuid"] = volumeId, ["boot_index"] = 1 })))
        {
            Assert.Equal("Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.", await BadRequestAsync(noBoot));
        }

        using (var noSize = await _cloud.Servers.PostServerAsync(demo, BootBody("x", new JsonObject { ["source_type"] = "image", ["uuid"] = _cloud.Servers.ImageId, ["destination_type"] = "volume", ["boot_index"] = 0 })))
        {
            Assert.Equal("Images with destination_type 'volume' need to have a non-zero size specified", await BadRequestAsync(noSize));
        }

        using (var unknown = await _cloud.Servers.PostServerAsync(demo, BootBody("x", new JsonObject { ["source_type"] = "volume", ["uuid"] = missing, ["boot_index"] = 0 })))
        {
            Assert.Equal($"Block Device Mapping is Invalid: failed to get volume {missing}.", await BadRequestAsync(unknown));
        }

        using (var notBootable = await _cloud.Servers.PostServerAsync(demo, BootBody("x", new JsonObject { ["source_type"] = "volume", ["uuid"] = volumeId, ["boot_index"] = 0 })))
        {
            Assert.Equal($"Block Device {volumeId} is not bootable.", await BadRequestAsync(notBootable));
        }

        using (var extra = await _cloud.Servers.PostServerAsync(demo, BootBody("x", new JsonObject { ["source_type"] = "volume", ["uuid"] = volumeId, ["boot_index"] = 0, ["colour"] = "red" })))
        {
            Assert.Contains("'colour' was unexpected", await BadRequestAsync(extra), StringComparison.Ordinal);
        }

        var noImage = _cloud.Servers.ServerBody("x");
        noImage.Remove("imageRef");
        using (var missingImage = await _cloud.Servers.PostServerAsync(demo, noImage))
        {
            Assert.Equal("Missing imageRef attribute", await BadRequestAsync(missingImage));
        }

        var volume = await _cloud.DemoVolumes.WaitForAsync("volumes", volumeId, "volume", "available");
        Assert.Empty(volume["attachments"]!.AsArray());
    }

    [Fact]
    public async Task Booting_from_a_volume_in_use_is_400_and_leaves_no_server_behind()
    {
        var demo = _cloud.Servers.Demo;
        var holder = await _cloud.ActiveServerAsync(demo, "holder");
        var volumeId = (await _cloud.DemoVolumes.CreateVolumeAsync(new JsonObject { ["size"] = 1, ["imageRef"] = _cloud.Servers.ImageId }))["id"]!.ToString();
        await _cloud.AttachInUseAsync(demo, _cloud.DemoVolumes, holder, volumeId);

        using var response = await _cloud.Servers.PostServerAsync(demo, BootBody("second-user", new JsonObject
        {
            ["source_type"] = "volume",
            ["uuid"] = volumeId,
            ["boot_index"] = 0,
        }));

        Assert.Equal(
            $"Invalid volume: Volume {volumeId} status must be available or downloading to reserve, but the current status is in-use.",
            await BadRequestAsync(response));
        using var list = await AttachmentCloud.SendAsync(demo, HttpMethod.Get, "/servers?name=second-user");
        Assert.Empty((await TestCloud.JsonAsync(list))["servers"]!.AsArray());
        var volume = await _cloud.DemoVolumes.WaitForAsync("volumes", volumeId, "volume", "in-use");
        Assert.Equal(holder, Assert.Single(volume["attachments"]!.AsArray())!["server_id"]!.ToString());
    }

    [Fact]
    public async Task A_boot_volume_over_the_volume_quota_puts_the_server_in_error_with_cinders_reason()
    {
        var demo = _cloud.Servers.Demo;
        var body = BootBody("too-big", new JsonObject
        {
            ["source_type"] = "blank",
            ["destination_type"] = "volume",
            ["boot_index"] = 0,
            ["volume_size"] = 100_000,
        });

        using var response = await _cloud.Servers.PostServerAsync(demo, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await TestCloud.JsonAsync(response))["server"]!["id"]!.ToString();
        var server = await _cloud.Servers.WaitForStatusAsync(demo, id, "ERROR");

        Assert.Contains("VolumeSizeExceedsAvailableQuota", server["fault"]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Empty(server["os-extended-volumes:volumes_attached"]!.AsArray());
    }
}
