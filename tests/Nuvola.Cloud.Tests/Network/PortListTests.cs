using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class PortListTests : IAsyncLifetime
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
    public async Task The_plain_list_from_rendered_ports_equals_the_queried_list_and_follows_every_change()
    {
        var (network, _) = await _demo.NetworkWithSubnetAsync("listed", "10.77.0.0/24");
        var ports = new List<JsonObject>();
        for (var i = 0; i < 5; i++)
        {
            ports.Add(await _demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = network["id"]!.ToString(), ["name"] = $"p{i}" }));
        }

        foreach (var client in new[] { _demo, _admin })
        {
            var (status, plain) = await client.GetAsync("ports");
            var (_, queried) = await client.GetAsync("ports?sort_key=id&sort_dir=asc");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(queried!.ToJsonString(), plain!.ToJsonString());
        }

        var (_, adminPlain) = await _admin.GetAsync("ports");
        var (_, demoPlain) = await _demo.GetAsync("ports");
        Assert.True(adminPlain!["ports"]![0]!.AsObject().ContainsKey("binding:host_id"));
        Assert.False(demoPlain!["ports"]![0]!.AsObject().ContainsKey("binding:host_id"));

        var renamed = ports[2]["id"]!.ToString();
        await _demo.PutAsync($"ports/{renamed}", new JsonObject { ["port"] = new JsonObject { ["name"] = "renamed" } });
        await _demo.DeleteAsync($"ports/{ports[3]["id"]}");
        var (_, after) = await _demo.GetAsync("ports");
        var listed = after!["ports"]!.AsArray();
        Assert.Equal(4, listed.Count);
        Assert.Equal("renamed", listed.First(p => p!["id"]!.ToString() == renamed)!["name"]!.ToString());
        Assert.Equal(1, listed.First(p => p!["id"]!.ToString() == renamed)!["revision_number"]!.GetValue<int>());
        Assert.DoesNotContain(listed, p => p!["id"]!.ToString() == ports[3]["id"]!.ToString());
    }
}
