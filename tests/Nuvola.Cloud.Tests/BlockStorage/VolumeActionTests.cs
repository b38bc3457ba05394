using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.BlockStorage;

public sealed class VolumeActionTests
{
    [Fact]
    public async Task Only_admin_resets_status_and_an_in_use_volume_cannot_be_deleted_or_extended()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var demo = await VolumeApi.ForAsync(cloud, "demo");
        using var admin = await VolumeApi.ForAsync(cloud, "admin");
        var id = (await demo.CreateVolumeAsync(new JsonObject { ["size"] = 1 }))["id"]!.ToString();
        var reset = new JsonObject { ["os-reset_status"] = new JsonObject { ["status"] = "in-use" } };

        using var refused = await demo.PostAsync($"/volumes/{id}/action", reset);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var done = await admin.PostAsync($"/volumes/{id}/action", reset.DeepClone().AsObject());
        Assert.Equal(HttpStatusCode.Accepted, done.StatusCode);

        using var delete = await demo.DeleteAsync($"/volumes/{id}");
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.NotNull((await TestCloud.JsonAsync(delete))["badRequest"]);
        using var extend = await demo.PostAsync($"/volumes/{id}/action", new JsonObject { ["os-extend"] = new JsonObject { ["new_size"] = 2 } });
        Assert.Equal(HttpStatusCode.BadRequest, extend.StatusCode);
        using var unknown = await demo.PostAsync($"/volumes/{id}/action", new JsonObject { ["os-nonsense"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task Reserve_and_unreserve_move_the_status_and_readonly_shows_in_metadata()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var api = await VolumeApi.ForAsync(cloud, "demo");
        var id = (await api.CreateVolumeAsync(new JsonObject { ["size"] = 1 }))["id"]!.ToString();

        using var reserve = await api.PostAsync($"/volumes/{id}/action", new JsonObject { ["os-reserve"] = null });
        Assert.Equal(HttpStatusCode.Accepted, reserve.StatusCode);
        await api.WaitForAsync("volumes", id, "volume", "attaching");
        using var unreserve = await api.PostAsync($"/volumes/{id}/action", new JsonObject { ["os-unreserve"] = null });
        Assert.Equal(HttpStatusCode.Accepted, unreserve.StatusCode);
        await api.WaitForAsync("volumes", id, "volume", "available");

        using var readOnly = await api.PostAsync($"/volumes/{id}/action", new JsonObject { ["os-update_readonly_flag"] = new JsonObject { ["readonly"] = true } });
        Assert.Equal(HttpStatusCode.Accepted, readOnly.StatusCode);
        var volume = await api.WaitForAsync("volumes", id, "volume", "available");
        Assert.Equal("True", volume["metadata"]!["readonly"]!.ToString());
        Assert.Empty(cloud.Log.Faults());
    }
}
