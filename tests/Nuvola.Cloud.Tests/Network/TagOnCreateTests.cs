using System.Net;
using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Tests.Network;

/// <summary>Neutron's tags in a create body: the object is born with them; a bad tag refuses the create before anything is made.</summary>
public sealed class TagOnCreateTests : NeutronTestBase
{
    [Fact]
    public async Task Every_taggable_type_takes_tags_in_its_create_body()
    {
        var tags = new JsonArray("a", "b");
        var network = await Demo.CreateAsync("networks", "network", new JsonObject { ["name"] = "n", ["tags"] = tags.DeepClone() });
        var subnet = await Demo.CreateAsync("subnets", "subnet", new JsonObject
        {
            ["network_id"] = network["id"]!.DeepClone(),
            ["ip_version"] = 4,
            ["cidr"] = "10.71.0.0/24",
            ["tags"] = tags.DeepClone(),
        });
        var port = await Demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = network["id"]!.DeepClone(), ["tags"] = tags.DeepClone() });
        var group = await Demo.CreateAsync("security-groups", "security_group", new JsonObject { ["name"] = "g", ["tags"] = tags.DeepClone() });
        var router = await Demo.CreateAsync("routers", "router", new JsonObject { ["name"] = "r", ["tags"] = tags.DeepClone() });
        var floating = await Demo.CreateAsync("floatingips", "floatingip", new JsonObject
        {
            ["floating_network_id"] = await PublicNetworkIdAsync(),
            ["tags"] = tags.DeepClone(),
        });

        foreach (var (plural, singular, created) in new[]
        {
            ("networks", "network", network), ("subnets", "subnet", subnet), ("ports", "port", port),
            ("security-groups", "security_group", group), ("routers", "router", router), ("floatingips", "floatingip", floating),
        })
        {
            Assert.Equal(["a", "b"], created["tags"]!.AsArray().Select(t => t!.ToString()).Order());
            var shown = (await Demo.GetAsync($"{plural}/{created["id"]}")).Body![singular]!;
            Assert.Equal(["a", "b"], shown["tags"]!.AsArray().Select(t => t!.ToString()).Order());
        }
    }

    [Fact]
    public async Task A_bad_tag_refuses_the_create_and_makes_nothing()
    {
        var (status, body) = await Demo.PostAsync("networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "bad-tags", ["tags"] = new JsonArray("a,b") } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["NeutronError"]);
        Assert.Empty((await Demo.GetAsync("networks?name=bad-tags")).Body!["networks"]!.AsArray());
    }
}
