using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Volumes;

public sealed class VolumeAttachmentErrorTests : IAsyncLifetime
{
    private AttachmentCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await AttachmentCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private static async Task<string> MessageAsync(HttpResponseMessage response, string kind) =>
        (await TestCloud.JsonAsync(response))[kind]!["message"]!.ToString();

    [Fact]
    public async Task Unknown_servers_and_volumes_are_404_and_a_volume_in_use_is_400()
    {
        var demo = _cloud.Servers.Demo;
        var serverId = await _cloud.ActiveServerAsync(demo, "errors");
        var otherId = await _cloud.ActiveServerAsync(demo, "errors-2");
        var volumeId = await _cloud.VolumeAsync(_cloud.DemoVolumes, "busy");
        var missing = Guid.NewGuid().ToString();

        using (var noVolume = await AttachmentCloud.AttachAsync(demo, serverId, new JsonObject { ["volumeId"] = missing }))
        {
            Assert.Equal(HttpStatusCode.NotFound, noVolume.StatusCode);
            Assert.Equal($"Volume {missing} could not be found.", await MessageAsync(noVolume, "itemNotFound"));
        }

        using (var noServer = await AttachmentCloud.AttachAsync(demo, missing, new JsonObject { ["volumeId"] = volumeId }))
        {
            Assert.Equal(HttpStatusCode.NotFound, noServer.StatusCode);
        }

        using (var notUuid = await AttachmentCloud.AttachAsync(demo, serverId, new JsonObject { ["volumeId"] = "nope" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notUuid.StatusCode);
        }

        using (var badDevice = await AttachmentCloud.AttachAsync(demo, serverId, new JsonObject { ["volumeId"] = volumeId, ["device"] = "sdb" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badDevice.StatusCode);
        }

        await _cloud.AttachInUseAsync(demo, _cloud.DemoVolumes, serverId, volumeId);
        using (var again = await AttachmentCloud.AttachAsync(demo, serverId, new JsonObject { ["volumeId"] = volumeId }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
            Assert.Equal($"Invalid volume: volume {volumeId} already attached", await MessageAsync(again, "badRequest"));
        }

        using (var elsewhere = await AttachmentCloud.AttachAsync(demo, otherId, new JsonObject { ["volumeId"] = volumeId }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
            Assert.Equal(
                $"Invalid volume: Volume {volumeId} status must be available or downloading to reserve, but the current status is in-use.",
                await MessageAsync(elsewhere, "badRequest"));
        }

        using (var notAttached = await AttachmentCloud.DetachAsync(demo, otherId, volumeId))
        {
            Assert.Equal(HttpStatusCode.NotFound, notAttached.StatusCode);
            Assert.Equal($"Instance {otherId} is not attached to volume {volumeId}", await MessageAsync(notAttached, "itemNotFound"));
        }

        using (var showMissing = await AttachmentCloud.SendAsync(demo, HttpMethod.Get, $"/servers/{otherId}/os-volume_attachments/{volumeId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, showMissing.StatusCode);
        }

        using var deleteInUse = await _cloud.DemoVolumes.DeleteAsync($"/volumes/{volumeId}");
        Assert.Equal(HttpStatusCode.BadRequest, deleteInUse.StatusCode);
        Assert.StartsWith("Invalid volume: Volume status must be available or error", await MessageAsync(deleteInUse, "badRequest"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_locked_server_and_a_server_in_error_refuse_attach_with_409()
    {
        var demo = _cloud.Servers.Demo;
        var serverId = await _cloud.ActiveServerAsync(demo, "locked");
        var volumeId = await _cloud.VolumeAsync(_cloud.DemoVolumes, "for-locked");
        (await _cloud.Servers.ActionAsync(demo, serverId, new JsonObject { ["lock"] = null })).Dispose();

        using (var locked = await AttachmentCloud.AttachAsync(demo, serverId, new JsonObject { ["volumeId"] = volumeId }))
        {
            Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
            Assert.Equal($"Instance {serverId} is locked", await MessageAsync(locked, "conflictingRequest"));
        }

        var broken = await _cloud.Servers.CreateAsync(demo, "fail-build-1");
        await _cloud.Servers.WaitForStatusAsync(demo, broken, "ERROR");
        using (var error = await AttachmentCloud.AttachAsync(demo, broken, new JsonObject { ["volumeId"] = volumeId }))
        {
            Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
            Assert.Equal($"Cannot 'attach_volume' instance {broken} while it is in vm_state error", await MessageAsync(error, "conflictingRequest"));
        }

        var volume = await _cloud.DemoVolumes.WaitForAsync("volumes", volumeId, "volume", "available");
        Assert.Empty(volume["attachments"]!.AsArray());
    }

    [Fact]
    public async Task A_stopped_server_takes_a_volume_and_a_second_detach_is_404()
    {
        var demo = _cloud.Servers.Demo;
        var serverId = await _cloud.ActiveServerAsync(demo, "stopped");
        (await _cloud.Servers.ActionAsync(demo, serverId, new JsonObject { ["os-stop"] = null })).Dispose();
        await _cloud.Servers.WaitForStatusAsync(demo, serverId, "SHUTOFF");
        var volumeId = await _cloud.VolumeAsync(_cloud.DemoVolumes, "cold");

        await _cloud.AttachInUseAsync(demo, _cloud.DemoVolumes, serverId, volumeId);
        using (var detach = await AttachmentCloud.DetachAsync(demo, serverId, volumeId))
        {
            Assert.Equal(HttpStatusCode.Accepted, detach.StatusCode);
        }

        await _cloud.DemoVolumes.WaitForAsync("volumes", volumeId, "volume", "available");
        using var twice = await AttachmentCloud.DetachAsync(demo, serverId, volumeId);
        Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
    }

    [Fact]
    public async Task Another_project_cannot_attach_see_or_detach_what_is_not_its_own()
    {
        var demo = _cloud.Servers.Demo;
        var admin = _cloud.Servers.Admin;
        var demoServer = await _cloud.ActiveServerAsync(demo, "demo-server");
        var adminServer = await _cloud.ActiveServerAsync(admin, "admin-server");
        var adminVolume = await _cloud.VolumeAsync(_cloud.AdminVolumes, "admin-volume");
        await _cloud.AttachInUseAsync(admin, _cloud.AdminVolumes, adminServer, adminVolume);
        var demoVolume = await _cloud.VolumeAsync(_cloud.DemoVolumes, "demo-volume");

        using (var foreignVolume = await AttachmentCloud.AttachAsync(demo, demoServer, new JsonObject { ["volumeId"] = adminVolume }))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreignVolume.StatusCode);
        }

        using (var foreignServer = await AttachmentCloud.AttachAsync(demo, adminServer, new JsonObject { ["volumeId"] = demoVolume }))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreignServer.StatusCode);
        }

        using (var list = await AttachmentCloud.SendAsync(demo, HttpMethod.Get, $"/servers/{adminServer}/os-volume_attachments"))
        {
            Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        }

        using (var show = await AttachmentCloud.SendAsync(demo, HttpMethod.Get, $"/servers/{adminServer}/os-volume_attachments/{adminVolume}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, show.StatusCode);
        }

        using (var detach = await AttachmentCloud.DetachAsync(demo, adminServer, adminVolume))
        {
            Assert.Equal(HttpStatusCode.NotFound, detach.StatusCode);
        }

        using var cinder = await _cloud.DemoVolumes.GetAsync($"/volumes/{adminVolume}");
        Assert.Equal(HttpStatusCode.NotFound, cinder.StatusCode);
        var volume = await _cloud.AdminVolumes.WaitForAsync("volumes", adminVolume, "volume", "in-use");
        Assert.Equal(adminServer, volume["attachments"]![0]!["server_id"]!.ToString());
    }
}
