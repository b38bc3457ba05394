using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.BlockStorage;

public sealed class VolumeAttachActionTests
{
    [Fact]
    public async Task Os_attach_lists_the_attachment_refuses_delete_and_os_detach_makes_it_available()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var api = await VolumeApi.ForAsync(cloud, "demo");
        var id = (await api.CreateVolumeAsync(new JsonObject { ["size"] = 1 }))["id"]!.ToString();
        var instance = Guid.NewGuid().ToString();

        using (var reserve = await api.PostAsync($"/volumes/{id}/action", new JsonObject { ["os-reserve"] = null }))
        {
            Assert.Equal(HttpStatusCode.Accepted, reserve.StatusCode);
        }

        using (var attach = await api.PostAsync($"/volumes/{id}/action", new JsonObject
        {
            ["os-attach"] = new JsonObject { ["instance_uuid"] = instance, ["mountpoint"] = "/dev/vdc", ["mode"] = "rw" },
        }))
        {
            Assert.Equal(HttpStatusCode.Accepted, attach.StatusCode);
        }

        var volume = await api.WaitForAsync("volumes", id, "volume", "in-use");
        var attachment = Assert.Single(volume["attachments"]!.AsArray())!;
        Assert.Equal(instance, attachment["server_id"]!.ToString());
        Assert.Equal("/dev/vdc", attachment["device"]!.ToString());
        Assert.Equal(id, attachment["id"]!.ToString());

        using (var delete = await api.DeleteAsync($"/volumes/{id}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
            Assert.Equal(
                "Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.",
                (await TestCloud.JsonAsync(delete))["badRequest"]!["message"]!.ToString());
        }

        using (var badMode = await api.PostAsync($"/volumes/{id}/action", new JsonObject
        {
            ["os-attach"] = new JsonObject { ["instance_uuid"] = instance, ["mountpoint"] = "/dev/vdd", ["mode"] = "wx" },
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badMode.StatusCode);
        }

        using (var detach = await api.PostAsync($"/volumes/{id}/action", new JsonObject
        {
            ["os-detach"] = new JsonObject { ["attachment_id"] = attachment["attachment_id"]!.ToString() },
        }))
        {
            Assert.Equal(HttpStatusCode.Accepted, detach.StatusCode);
        }

        volume = await api.WaitForAsync("volumes", id, "volume", "available");
        Assert.Empty(volume["attachments"]!.AsArray());
        using (var again = await api.PostAsync($"/volumes/{id}/action", new JsonObject { ["os-detach"] = new JsonObject() }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        }

        using var deleted = await api.DeleteAsync($"/volumes/{id}");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task Begin_and_roll_detaching_move_an_in_use_volume_and_refuse_an_available_one()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var api = await VolumeApi.ForAsync(cloud, "demo");
        var id = (await api.CreateVolumeAsync(new JsonObject { ["size"] = 1 }))["id"]!.ToString();

        using (var refused = await api.PostAsync($"/volumes/{id}/action", new JsonObject { ["os-begin_detaching"] = null }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        (await api.PostAsync($"/volumes/{id}/action", new JsonObject
        {
            ["os-attach"] = new JsonObject { ["host_name"] = "backup-host", ["mountpoint"] = "/mnt/backup" },
        })).Dispose();
        await api.WaitForAsync("volumes", id, "volume", "in-use");
        (await api.PostAsync($"/volumes/{id}/action", new JsonObject { ["os-begin_detaching"] = null })).Dispose();
        var detaching = await api.WaitForAsync("volumes", id, "volume", "detaching");
        Assert.Equal("backup-host", detaching["attachments"]![0]!["host_name"]!.ToString());
        Assert.Null(detaching["attachments"]![0]!["server_id"]);
        (await api.PostAsync($"/volumes/{id}/action", new JsonObject { ["os-roll_detaching"] = null })).Dispose();
        await api.WaitForAsync("volumes", id, "volume", "in-use");
        Assert.Empty(cloud.Log.Faults());
    }
}
