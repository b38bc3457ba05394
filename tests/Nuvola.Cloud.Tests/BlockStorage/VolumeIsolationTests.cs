using System.Net;
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
}
