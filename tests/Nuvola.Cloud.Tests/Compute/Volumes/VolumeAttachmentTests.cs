using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nuvola.Cloud.Hypervisors;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Volumes;

public sealed class VolumeAttachmentTests : IAsyncLifetime
{
    private AttachmentCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await AttachmentCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Attach_then_detach_takes_the_volume_to_in_use_and_back_to_available()
    {
        var demo = _cloud.Servers.Demo;
        var serverId = await _cloud.ActiveServerAsync(demo, "with-disk");
        var volumeId = await _cloud.VolumeAsync(_cloud.DemoVolumes, "data");

        using var attach = await AttachmentCloud.AttachAsync(demo, serverId, new JsonObject { ["volumeId"] = volumeId });

        Assert.Equal(HttpStatusCode.OK, attach.StatusCode);
        var attachment = (await TestCloud.JsonAsync(attach))["volumeAttachment"]!;
        Assert.Equal(volumeId, attachment["id"]!.ToString());
        Assert.Equal(serverId, attachment["serverId"]!.ToString());
        Assert.Equal("/dev/vdb", attachment["device"]!.ToString());
        Assert.Null(attachment["tag"]);
        var volume = await _cloud.DemoVolumes.WaitForAsync("volumes", volumeId, "volume", "in-use");
        var cinderView = volume["attachments"]!.AsArray().Single()!;
        Assert.Equal(serverId, cinderView["server_id"]!.ToString());
        Assert.Equal(volumeId, cinderView["volume_id"]!.ToString());
        Assert.Equal("/dev/vdb", cinderView["device"]!.ToString());
        Assert.Equal("nuvola-compute", cinderView["host_name"]!.ToString());
        Assert.True(Guid.TryParse(cinderView["attachment_id"]!.ToString(), out _));
        Assert.NotNull(cinderView["attached_at"]);

        var list = await AttachmentCloud.WaitForListAsync(demo, serverId, l => l.Count == 1);
        Assert.Equal(volumeId, list[0]!["volumeId"]!.ToString());
        using (var show = await AttachmentCloud.SendAsync(demo, HttpMethod.Get, $"/servers/{serverId}/os-volume_attachments/{volumeId}"))
        {
            Assert.Equal(HttpStatusCode.OK, show.StatusCode);
            Assert.Equal("/dev/vdb", (await TestCloud.JsonAsync(show))["volumeAttachment"]!["device"]!.ToString());
        }

        var server = await _cloud.Servers.ShowAsync(demo, serverId);
        Assert.Equal(volumeId, server["os-extended-volumes:volumes_attached"]![0]!["id"]!.ToString());
        Assert.Null(server["os-extended-volumes:volumes_attached"]![0]!["delete_on_termination"]);
        var plugged = Assert.Single(((FakeHypervisor)_cloud.Cloud.Services.GetRequiredService<IHypervisor>()).VolumesOf(serverId));
        Assert.Equal(Path.Combine(_cloud.Cloud.DataDirectory, "volumes", volumeId + ".img"), plugged.BackingFile);

        using (var detach = await AttachmentCloud.DetachAsync(demo, serverId, volumeId))
        {
            Assert.Equal(HttpStatusCode.Accepted, detach.StatusCode);
        }

        volume = await _cloud.DemoVolumes.WaitForAsync("volumes", volumeId, "volume", "available");
        Assert.Empty(volume["attachments"]!.AsArray());
        await AttachmentCloud.WaitForListAsync(demo, serverId, l => l.Count == 0);
        Assert.Empty(((FakeHypervisor)_cloud.Cloud.Services.GetRequiredService<IHypervisor>()).VolumesOf(serverId));
        Assert.Empty((await _cloud.Servers.ShowAsync(demo, serverId))["os-extended-volumes:volumes_attached"]!.AsArray());
    }

    [Fact]
    public async Task Two_volumes_get_successive_devices_and_the_list_pages_with_limit_and_offset()
    {
        var demo = _cloud.Servers.Demo;
        var serverId = await _cloud.ActiveServerAsync(demo, "two-disks");
        var first = await _cloud.AttachInUseAsync(demo, _cloud.DemoVolumes, serverId, await _cloud.VolumeAsync(_cloud.DemoVolumes, "one"));
        var second = await _cloud.AttachInUseAsync(demo, _cloud.DemoVolumes, serverId, await _cloud.VolumeAsync(_cloud.DemoVolumes, "two"));

        Assert.Equal("/dev/vdb", first["device"]!.ToString());
        Assert.Equal("/dev/vdc", second["device"]!.ToString());
        Assert.Equal(2, (await AttachmentCloud.ListAsync(demo, serverId)).Count);
        var page = await AttachmentCloud.ListAsync(demo, serverId, "?limit=1&offset=1");
        Assert.Equal(second["volumeId"]!.ToString(), Assert.Single(page)!["volumeId"]!.ToString());
        using var bad = await AttachmentCloud.SendAsync(demo, HttpMethod.Get, $"/servers/{serverId}/os-volume_attachments?limit=-1");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Tag_and_delete_on_termination_are_taken_and_shown_from_their_microversions()
    {
        var demo = _cloud.Servers.Demo;
        var serverId = await _cloud.ActiveServerAsync(demo, "tagged");
        var volumeId = await _cloud.VolumeAsync(_cloud.DemoVolumes, "tagged-disk");

        using (var early = await AttachmentCloud.AttachAsync(demo, serverId, new JsonObject { ["volumeId"] = volumeId, ["tag"] = "db" }, "2.48"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
            Assert.Contains("'tag' was unexpected", (await TestCloud.JsonAsync(early))["badRequest"]!["message"]!.ToString(), StringComparison.Ordinal);
        }

        using (var attach = await AttachmentCloud.AttachAsync(demo, serverId, new JsonObject { ["volumeId"] = volumeId, ["tag"] = "db", ["delete_on_termination"] = true }, "2.79"))
        {
            Assert.Equal(HttpStatusCode.OK, attach.StatusCode);
            var view = (await TestCloud.JsonAsync(attach))["volumeAttachment"]!;
            Assert.Equal("db", view["tag"]!.ToString());
            Assert.True((bool)view["delete_on_termination"]!);
        }

        await _cloud.DemoVolumes.WaitForAsync("volumes", volumeId, "volume", "in-use");
        var at270 = Assert.Single(await AttachmentCloud.ListAsync(demo, serverId, version: "2.70"))!;
        Assert.Equal("db", at270["tag"]!.ToString());
        Assert.Null(at270["delete_on_termination"]);
        var at21 = Assert.Single(await AttachmentCloud.ListAsync(demo, serverId))!.AsObject();
        Assert.False(at21.ContainsKey("tag"));
        var server = await _cloud.Servers.ShowAsync(demo, serverId, "2.3");
        Assert.True((bool)server["os-extended-volumes:volumes_attached"]![0]!["delete_on_termination"]!);

        using (var delete = await AttachmentCloud.SendAsync(demo, HttpMethod.Delete, $"/servers/{serverId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var gone = await _cloud.DemoVolumes.GetAsync($"/volumes/{volumeId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Deleting_a_server_detaches_its_volumes_and_keeps_those_not_marked_for_deletion()
    {
        var demo = _cloud.Servers.Demo;
        var serverId = await _cloud.ActiveServerAsync(demo, "short-lived");
        var volumeId = await _cloud.VolumeAsync(_cloud.DemoVolumes, "kept");
        await _cloud.AttachInUseAsync(demo, _cloud.DemoVolumes, serverId, volumeId);

        using (var delete = await AttachmentCloud.SendAsync(demo, HttpMethod.Delete, $"/servers/{serverId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var volume = await _cloud.DemoVolumes.WaitForAsync("volumes", volumeId, "volume", "available");
        Assert.Empty(volume["attachments"]!.AsArray());
    }

    [Fact]
    public async Task Swap_is_refused_to_a_member_and_moves_the_device_to_the_new_volume_for_admin()
    {
        var demo = _cloud.Servers.Demo;
        var serverId = await _cloud.ActiveServerAsync(demo, "swapper");
        var oldId = await _cloud.VolumeAsync(_cloud.DemoVolumes, "old");
        var newId = await _cloud.VolumeAsync(_cloud.DemoVolumes, "new");
        await _cloud.AttachInUseAsync(demo, _cloud.DemoVolumes, serverId, oldId);
        var body = new JsonObject { ["volumeAttachment"] = new JsonObject { ["volumeId"] = newId } };

        using (var refused = await AttachmentCloud.SendAsync(demo, HttpMethod.Put, $"/servers/{serverId}/os-volume_attachments/{oldId}", body))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Policy doesn't allow os_compute_api:os-volumes-attachments:swap to be performed.", (await TestCloud.JsonAsync(refused))["forbidden"]!["message"]!.ToString());
        }

        using (var swap = await AttachmentCloud.SendAsync(_cloud.Servers.Admin, HttpMethod.Put, $"/servers/{serverId}/os-volume_attachments/{oldId}", body.DeepClone().AsObject()))
        {
            Assert.Equal(HttpStatusCode.Accepted, swap.StatusCode);
        }

        await _cloud.DemoVolumes.WaitForAsync("volumes", oldId, "volume", "available");
        var swapped = await _cloud.DemoVolumes.WaitForAsync("volumes", newId, "volume", "in-use");
        Assert.Equal("/dev/vdb", swapped["attachments"]![0]!["device"]!.ToString());
        Assert.Equal(newId, Assert.Single(await AttachmentCloud.ListAsync(demo, serverId))!["volumeId"]!.ToString());
    }
}
