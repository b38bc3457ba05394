using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.BlockStorage;

public sealed class VolumeIsolationTests
{
    [Fact]
    public async Task Another_project_gets_404_and_only_admin_with_all_tenants_lists_everyone()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var demo = await VolumeApi.ForAsync(cloud, "demo");
        using var admin = await VolumeApi.ForAsync(cloud, "admin");
        var volume = await demo.CreateVolumeAsync(new JsonObject { ["size"] = 1, ["name"] = "private" });
        var id = volume["id"]!.ToString();
        var snapshot = await demo.CreateSnapshotAsync(id, "snap");
        await admin.CreateVolumeAsync(new JsonObject { ["size"] = 1, ["name"] = "admins" });

        using var adminOwn = await admin.GetAsync("/volumes");
        var ownNames = (await TestCloud.JsonAsync(adminOwn))["volumes"]!.AsArray().Select(v => v!["name"]!.ToString()).ToList();
        Assert.Equal(["admins"], ownNames);

        using var adminAll = await admin.GetAsync("/volumes/detail?all_tenants=1");
        var all = (await TestCloud.JsonAsync(adminAll))["volumes"]!.AsArray();
        Assert.Contains(all, v => v!["id"]!.ToString() == id && v["os-vol-tenant-attr:tenant_id"]!.ToString() == demo.ProjectId);

        using var demoAll = await demo.GetAsync("/volumes?all_tenants=1");
        Assert.Single((await TestCloud.JsonAsync(demoAll))["volumes"]!.AsArray());

        // demo's view as a project that is not its own: admin's project listing shows nothing of demo.
        using var demoShowsAdmin = await demo.GetAsync("/volumes/detail");
        Assert.DoesNotContain((await TestCloud.JsonAsync(demoShowsAdmin))["volumes"]!.AsArray(), v => v!["name"]!.ToString() == "admins");
        var adminsVolume = all.First(v => v!["name"]!.ToString() == "admins")!["id"]!.ToString();
        using var hidden = await demo.GetAsync($"/volumes/{adminsVolume}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using var hiddenDelete = await demo.DeleteAsync($"/volumes/{adminsVolume}");
        Assert.Equal(HttpStatusCode.NotFound, hiddenDelete.StatusCode);
        using var snapshots = await admin.GetAsync("/snapshots");
        Assert.DoesNotContain((await TestCloud.JsonAsync(snapshots))["snapshots"]!.AsArray(), s => s!["id"]!.ToString() == snapshot["id"]!.ToString());
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task Demo_can_neither_see_nor_change_admins_volumes_snapshots_and_private_types()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var demo = await VolumeApi.ForAsync(cloud, "demo");
        using var admin = await VolumeApi.ForAsync(cloud, "admin");
        var volume = (await admin.CreateVolumeAsync(new JsonObject { ["size"] = 1, ["name"] = "admins" }))["id"]!.ToString();
        var snapshot = (await admin.CreateSnapshotAsync(volume, "admins-snap"))["id"]!.ToString();
        using var typeResponse = await admin.PostAsync("/types", new JsonObject
        {
            ["volume_type"] = new JsonObject { ["name"] = "gold-private", ["os-volume-type-access:is_public"] = false },
        });
        var type = (await TestCloud.JsonAsync(typeResponse))["volume_type"]!["id"]!.ToString();

        var statuses = new Dictionary<string, HttpStatusCode>
        {
            ["show volume"] = await Status(demo.GetAsync($"/volumes/{volume}")),
            ["update volume"] = await Status(demo.Client.PutAsJsonAsync($"{demo.Prefix}/volumes/{volume}", new JsonObject { ["volume"] = new JsonObject { ["name"] = "x" } })),
            ["extend volume"] = await Status(demo.PostAsync($"/volumes/{volume}/action", new JsonObject { ["os-extend"] = new JsonObject { ["new_size"] = 2 } })),
            ["volume metadata"] = await Status(demo.GetAsync($"/volumes/{volume}/metadata")),
            ["set volume metadata"] = await Status(demo.PostAsync($"/volumes/{volume}/metadata", new JsonObject { ["metadata"] = new JsonObject { ["k"] = "v" } })),
            ["delete volume"] = await Status(demo.DeleteAsync($"/volumes/{volume}")),
            ["clone volume"] = await Status(demo.PostAsync("/volumes", new JsonObject { ["volume"] = new JsonObject { ["size"] = 1, ["source_volid"] = volume } })),
            ["snapshot volume"] = await Status(demo.PostAsync("/snapshots", new JsonObject { ["snapshot"] = new JsonObject { ["volume_id"] = volume } })),
            ["show snapshot"] = await Status(demo.GetAsync($"/snapshots/{snapshot}")),
            ["update snapshot"] = await Status(demo.Client.PutAsJsonAsync($"{demo.Prefix}/snapshots/{snapshot}", new JsonObject { ["snapshot"] = new JsonObject { ["name"] = "x" } })),
            ["delete snapshot"] = await Status(demo.DeleteAsync($"/snapshots/{snapshot}")),
            ["volume from snapshot"] = await Status(demo.PostAsync("/volumes", new JsonObject { ["volume"] = new JsonObject { ["size"] = 1, ["snapshot_id"] = snapshot } })),
            ["show private type"] = await Status(demo.GetAsync($"/types/{type}")),
            ["volume of private type"] = await Status(demo.PostAsync("/volumes", new JsonObject { ["volume"] = new JsonObject { ["size"] = 1, ["volume_type"] = "gold-private" } })),
        };
        Assert.All(statuses, s => Assert.True(s.Value == HttpStatusCode.NotFound, $"{s.Key}: {(int)s.Value}"));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(demo.DeleteAsync($"/types/{type}")));
        Assert.Equal(HttpStatusCode.Forbidden, await Status(demo.PostAsync("/types", new JsonObject { ["volume_type"] = new JsonObject { ["name"] = "mine" } })));

        using var types = await demo.GetAsync("/types");
        Assert.DoesNotContain((await TestCloud.JsonAsync(types))["volume_types"]!.AsArray(), t => t!["id"]!.ToString() == type);
        using var snapshots = await demo.GetAsync("/snapshots/detail");
        Assert.Empty((await TestCloud.JsonAsync(snapshots))["snapshots"]!.AsArray());
        using var volumes = await demo.GetAsync("/volumes/detail");
        Assert.Empty((await TestCloud.JsonAsync(volumes))["volumes"]!.AsArray());
        using var adminView = await admin.GetAsync($"/volumes/{volume}");
        var adminsVolume = (await TestCloud.JsonAsync(adminView))["volume"]!;
        Assert.Equal("admins", adminsVolume["name"]!.ToString());
        Assert.Equal(1, adminsVolume["size"]!.GetValue<int>());
        using var adminSnapshot = await admin.GetAsync($"/snapshots/{snapshot}");
        Assert.Equal("admins-snap", (await TestCloud.JsonAsync(adminSnapshot))["snapshot"]!["name"]!.ToString());
        Assert.Empty(cloud.Log.Faults());
    }

    private static async Task<HttpStatusCode> Status(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return response.StatusCode;
    }
}
