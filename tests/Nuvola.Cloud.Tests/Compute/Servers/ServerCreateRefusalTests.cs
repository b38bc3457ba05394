using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Servers;

/// <summary>A refused create leaves nothing behind (no server, no port, no quota use); what Nova's policy refuses a member is a 403.</summary>
public sealed class ServerCreateRefusalTests : IAsyncLifetime
{
    private ServerCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await ServerCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task An_unknown_security_group_is_a_400_that_leaves_no_server_port_or_quota_use(int count)
    {
        var portsBefore = await PortCountAsync();
        var body = _cloud.ServerBody("guarded");
        body["security_groups"] = new JsonArray(new JsonObject { ["name"] = "no-such-group" });
        body["min_count"] = count;
        body["max_count"] = count;

        using var response = await _cloud.PostServerAsync(_cloud.Demo, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no-such-group", (await TestCloud.JsonAsync(response))["badRequest"]!["message"]!.ToString(), StringComparison.Ordinal);
        using var servers = await _cloud.Demo.GetAsync("/compute/v2.1/servers");
        Assert.Empty((await TestCloud.JsonAsync(servers))["servers"]!.AsArray());
        Assert.Equal(portsBefore, await PortCountAsync());
        using var limits = await _cloud.Demo.GetAsync("/compute/v2.1/limits");
        var absolute = (await TestCloud.JsonAsync(limits))["limits"]!["absolute"]!;
        Assert.Equal(0, (int)absolute["totalInstancesUsed"]!);
        Assert.Equal(0, (int)absolute["totalCoresUsed"]!);
    }

    [Theory]
    [InlineData("2.37", "nova:somehost")]
    [InlineData("2.1", "nova:somehost")]
    [InlineData("2.37", "nova::somenode")]
    public async Task A_member_forcing_a_host_gets_novas_403(string version, string zone)
    {
        var body = _cloud.ServerBody("forced");
        body["availability_zone"] = zone;

        using var response = await _cloud.PostServerAsync(_cloud.Demo, body, version);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(
            "Policy doesn't allow os_compute_api:servers:create:forced_host to be performed.",
            (await TestCloud.JsonAsync(response))["forbidden"]!["message"]!.ToString());
        using var servers = await _cloud.Demo.GetAsync("/compute/v2.1/servers");
        Assert.Empty((await TestCloud.JsonAsync(servers))["servers"]!.AsArray());
    }

    [Fact]
    public async Task A_member_naming_only_the_zone_boots()
    {
        var body = _cloud.ServerBody("zoned");
        body["availability_zone"] = "nova";

        using var response = await _cloud.PostServerAsync(_cloud.Demo, body, "2.37");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<int> PortCountAsync()
    {
        using var ports = await _cloud.Admin.GetAsync("/network/v2.0/ports");
        return (await TestCloud.JsonAsync(ports))["ports"]!.AsArray().Count;
    }
}
