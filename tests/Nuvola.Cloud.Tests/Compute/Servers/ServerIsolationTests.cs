using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Servers;

public sealed class ServerIsolationTests : IAsyncLifetime
{
    private ServerCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await ServerCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Another_projects_server_is_not_found_and_not_listed()
    {
        var adminServer = await _cloud.CreateAsync(_cloud.Admin, "admin-only");

        using var show = await _cloud.Demo.GetAsync("/compute/v2.1/servers/" + adminServer);
        using var delete = await _cloud.Demo.DeleteAsync("/compute/v2.1/servers/" + adminServer);
        using var stop = await _cloud.ActionAsync(_cloud.Demo, adminServer, new JsonObject { ["os-stop"] = null });
        var listed = await TestCloud.JsonAsync(await _cloud.Demo.GetAsync("/compute/v2.1/servers?all_tenants=1"));

        Assert.Equal(HttpStatusCode.NotFound, show.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stop.StatusCode);
        Assert.DoesNotContain(listed["servers"]!.AsArray(), s => s!["id"]!.ToString() == adminServer);
    }

    [Fact]
    public async Task Admin_with_all_tenants_sees_every_projects_servers_with_admin_attributes()
    {
        var demoServer = await _cloud.CreateAsync(_cloud.Demo, "demo-owned");

        var own = await TestCloud.JsonAsync(await _cloud.Admin.GetAsync("/compute/v2.1/servers/detail"));
        var all = await TestCloud.JsonAsync(await _cloud.Admin.GetAsync("/compute/v2.1/servers/detail?all_tenants=1"));

        Assert.DoesNotContain(own["servers"]!.AsArray(), s => s!["id"]!.ToString() == demoServer);
        var seen = all["servers"]!.AsArray().Single(s => s!["id"]!.ToString() == demoServer)!;
        Assert.True(seen.AsObject().ContainsKey("OS-EXT-SRV-ATTR:host"));
    }
}
