using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class L3IsolationTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;
    private NeutronClient _admin = null!;
    private NeutronClient _demo = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        _admin = await NeutronClient.ForAsync(_cloud, "admin");
        _demo = await NeutronClient.ForAsync(_cloud, "demo");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _demo.Dispose();
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task Demo_neither_sees_nor_changes_admins_routers_and_floating_ips()
    {
        var publicId = (await _admin.GetAsync("networks?name=public")).Body!["networks"]![0]!["id"]!.ToString();
        var router = await _admin.CreateAsync("routers", "router", new JsonObject { ["name"] = "admins" });
        var floating = await _admin.CreateAsync("floatingips", "floatingip", new JsonObject { ["floating_network_id"] = publicId });
        var routerPath = $"routers/{router["id"]}";
        var floatingPath = $"floatingips/{floating["id"]}";

        Assert.Empty((await _demo.GetAsync("routers")).Body!["routers"]!.AsArray());
        Assert.Empty((await _demo.GetAsync("floatingips")).Body!["floatingips"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _demo.GetAsync(routerPath)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _demo.PutAsync(routerPath, new JsonObject { ["router"] = new JsonObject { ["name"] = "x" } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _demo.DeleteAsync(routerPath)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _demo.PutAsync(routerPath + "/add_router_interface", new JsonObject { ["subnet_id"] = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _demo.PutAsync(routerPath + "/tags/mine")).Status);
        var (status, error) = await _demo.GetAsync(floatingPath);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"Floating IP {floating["id"]} could not be found", error!["NeutronError"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await _demo.PutAsync(floatingPath, new JsonObject { ["floatingip"] = new JsonObject { ["port_id"] = null } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _demo.DeleteAsync(floatingPath)).Status);

        Assert.Equal("admins", (await _admin.GetAsync(routerPath)).Body!["router"]!["name"]!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync(floatingPath)).Status);
    }
}
