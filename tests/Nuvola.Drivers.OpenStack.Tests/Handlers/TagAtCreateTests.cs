using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Drivers.OpenStack.Tests.Handlers;

/// <summary>
/// Objects are born with the engine's tags (tags in the create body), so a run killed right after a create still finds
/// them by tag: no PUT …/tags follows a create. Checked over HTTP: the cloud's request log and the objects' tags.
/// </summary>
public sealed class TagAtCreateTests : DriverTestBase
{
    private HttpClient _demo = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _demo = Cloud.ClientWith(await Cloud.TokenAsync("demo"));
    }

    public override async Task DisposeAsync()
    {
        _demo.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Neutron_objects_and_a_server_are_tagged_by_their_create_alone()
    {
        var net = await Driver.CreateAsync(Spec("net", "OS::Neutron::Net", new { name = "tnet" }));
        var subnet = await Driver.CreateAsync(Spec("sub", "OS::Neutron::Subnet", new { network = "tnet", cidr = "10.61.0.0/24", name = "tsub" }));
        var port = await Driver.CreateAsync(Spec("port", "OS::Neutron::Port", new { network = "tnet" }));
        var group = await Driver.CreateAsync(Spec("sg", "OS::Neutron::SecurityGroup", new { name = "tsg" }));
        var router = await Driver.CreateAsync(Spec("router", "OS::Neutron::Router", new { name = "trouter" }));
        var floating = await Driver.CreateAsync(Spec("fip", "OS::Neutron::FloatingIP", new { floating_network = "public" }));
        var server = await Driver.CreateAsync(Spec("vm", "OS::Nova::Server", new JsonObject
        {
            ["image"] = "cirros-0.6.2-x86_64-disk",
            ["flavor"] = "1",
            ["networks"] = new JsonArray(new JsonObject { ["subnet"] = subnet.PhysicalId }),
        }));

        Assert.Contains(Cloud.Log.Lines, l => l.StartsWith("Information POST /network/v2.0/subnets 201", StringComparison.Ordinal));
        Assert.DoesNotContain(Cloud.Log.Lines, l => l.Contains("/tags", StringComparison.Ordinal) && l.StartsWith("Information PUT", StringComparison.Ordinal));
        foreach (var (path, key, name) in new[]
        {
            ($"/network/v2.0/networks/{net.PhysicalId}", "network", "net"),
            ($"/network/v2.0/subnets/{subnet.PhysicalId}", "subnet", "sub"),
            ($"/network/v2.0/ports/{port.PhysicalId}", "port", "port"),
            ($"/network/v2.0/security-groups/{group.PhysicalId}", "security_group", "sg"),
            ($"/network/v2.0/routers/{router.PhysicalId}", "router", "router"),
            ($"/network/v2.0/floatingips/{floating.PhysicalId}", "floatingip", "fip"),
        })
        {
            var tags = await TagsAsync(path, key);
            Assert.Contains($"nuvola-stack={Stack}", tags);
            Assert.Contains($"nuvola-resource={name}", tags);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/compute/v2.1/servers/{server.PhysicalId}");
        request.Headers.Add("OpenStack-API-Version", "compute 2.52");
        using var shown = await _demo.SendAsync(request);
        var serverTags = (await TestCloud.JsonAsync(shown))["server"]!["tags"]!.AsArray().Select(t => t!.ToString()).ToList();
        Assert.Contains($"nuvola-resource=vm", serverTags);
        var serverPorts = await _demo.GetFromJsonAsync<JsonObject>($"/network/v2.0/ports?device_id={server.PhysicalId}");
        Assert.All(serverPorts!["ports"]!.AsArray(), p => Assert.Contains("nuvola-resource=vm", p!["tags"]!.AsArray().Select(t => t!.ToString())));
    }

    [Fact]
    public async Task An_interface_added_by_a_stopped_run_is_adopted_and_tagged()
    {
        await Driver.CreateAsync(Spec("net", "OS::Neutron::Net", new { name = "inet" }));
        var subnet = await Driver.CreateAsync(Spec("sub", "OS::Neutron::Subnet", new { network = "inet", cidr = "10.62.0.0/24" }));
        var router = await Driver.CreateAsync(Spec("router", "OS::Neutron::Router", new { name = "irouter" }));
        // The earlier run added the interface and was killed before tagging its port.
        using var added = await _demo.PutAsJsonAsync($"/network/v2.0/routers/{router.PhysicalId}/add_router_interface", new JsonObject { ["subnet_id"] = subnet.PhysicalId });
        Assert.True(added.IsSuccessStatusCode);
        var portId = (await TestCloud.JsonAsync(added))["port_id"]!.ToString();

        var adopted = await Driver.CreateAsync(Spec("iface", "OS::Neutron::RouterInterface", new { router = router.PhysicalId, subnet = subnet.PhysicalId }));

        Assert.Equal($"{router.PhysicalId}:subnet_id={subnet.PhysicalId}", adopted.PhysicalId);
        Assert.Contains("nuvola-resource=iface", await TagsAsync($"/network/v2.0/ports/{portId}", "port"));
        var found = await Driver.FindTaggedAsync(Stack);
        Assert.Contains(found, f => f.LogicalName == "iface");
    }

    private async Task<List<string>> TagsAsync(string path, string key)
    {
        var body = await _demo.GetFromJsonAsync<JsonObject>(path);
        return body![key]!["tags"]!.AsArray().Select(t => t!.ToString()).ToList();
    }
}
