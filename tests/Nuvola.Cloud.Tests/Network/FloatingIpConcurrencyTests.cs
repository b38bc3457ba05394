using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class FloatingIpConcurrencyTests : NeutronTestBase
{
    [Fact]
    public async Task Fifty_parallel_creates_on_a_pool_of_forty_give_forty_distinct_addresses_ten_conflicts_and_no_leak()
    {
        var external = await Admin.CreateAsync("networks", "network", new JsonObject { ["name"] = "ext40", ["router:external"] = true });
        var externalId = external["id"]!.ToString();
        await Admin.CreateAsync("subnets", "subnet", new JsonObject
        {
            ["network_id"] = externalId,
            ["cidr"] = "198.51.100.0/24",
            ["ip_version"] = 4,
            ["allocation_pools"] = new JsonArray(new JsonObject { ["start"] = "198.51.100.10", ["end"] = "198.51.100.49" }),
        });
        var demoProject = (await Demo.CreateAsync("networks", "network", new JsonObject { ["name"] = "probe" }))["project_id"]!.ToString();
        await Admin.PutAsync($"quotas/{demoProject}", new JsonObject { ["quota"] = new JsonObject { ["floatingip"] = 100 } });
        var body = new JsonObject { ["floatingip"] = new JsonObject { ["floating_network_id"] = externalId } };

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Demo.PostAsync("floatingips", (JsonObject)body.DeepClone())));

        var created = results.Where(r => r.Status == HttpStatusCode.Created).Select(r => r.Body!["floatingip"]!).ToList();
        var refused = results.Where(r => r.Status != HttpStatusCode.Created).ToList();
        Assert.Equal(40, created.Count);
        Assert.Equal(40, created.Select(f => f["floating_ip_address"]!.ToString()).Distinct().Count());
        Assert.Equal(10, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.Equal("IpAddressGenerationFailure", r.Body!["NeutronError"]!["type"]!.ToString());
            Assert.Equal($"No more IP addresses available on network {externalId}.", r.Body["NeutronError"]!["message"]!.ToString());
        });

        await Task.WhenAll(created.Select(f => Demo.DeleteAsync($"floatingips/{f["id"]}")));

        Assert.Empty((await Demo.GetAsync("floatingips")).Body!["floatingips"]!.AsArray());
        Assert.Empty((await Admin.GetAsync($"ports?network_id={externalId}")).Body!["ports"]!.AsArray());
        var again = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Demo.PostAsync("floatingips", (JsonObject)body.DeepClone())));
        Assert.All(again, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Equal(40, again.Select(r => r.Body!["floatingip"]!["floating_ip_address"]!.ToString()).Distinct().Count());
    }
}
