using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class PortListTests : NeutronTestBase
{
    [Fact]
    public async Task The_plain_list_from_rendered_ports_equals_the_queried_list_and_follows_every_change()
    {
        var (network, _) = await Demo.NetworkWithSubnetAsync("listed", "10.77.0.0/24");
        var ports = new List<JsonObject>();
        for (var i = 0; i < 5; i++)
        {
            ports.Add(await Demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = network["id"]!.ToString(), ["name"] = $"p{i}" }));
        }

        foreach (var client in new[] { Demo, Admin })
        {
            var (status, plain) = await client.GetAsync("ports");
            var (_, queried) = await client.GetAsync("ports?sort_key=id&sort_dir=asc");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(queried!.ToJsonString(), plain!.ToJsonString());
        }

        var (_, adminPlain) = await Admin.GetAsync("ports");
        var (_, demoPlain) = await Demo.GetAsync("ports");
        Assert.True(adminPlain!["ports"]![0]!.AsObject().ContainsKey("binding:host_id"));
        Assert.False(demoPlain!["ports"]![0]!.AsObject().ContainsKey("binding:host_id"));

        var renamed = ports[2]["id"]!.ToString();
        await Demo.PutAsync($"ports/{renamed}", new JsonObject { ["port"] = new JsonObject { ["name"] = "renamed" } });
        await Demo.DeleteAsync($"ports/{ports[3]["id"]}");
        var (_, after) = await Demo.GetAsync("ports");
        var listed = after!["ports"]!.AsArray();
        Assert.Equal(4, listed.Count);
        Assert.Equal("renamed", listed.First(p => p!["id"]!.ToString() == renamed)!["name"]!.ToString());
        Assert.Equal(1, listed.First(p => p!["id"]!.ToString() == renamed)!["revision_number"]!.GetValue<int>());
        Assert.DoesNotContain(listed, p => p!["id"]!.ToString() == ports[3]["id"]!.ToString());
    }
}
