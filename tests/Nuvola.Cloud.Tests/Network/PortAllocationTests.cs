using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class PortAllocationTests : NeutronTestBase
{
    [Fact]
    public async Task Two_hundred_parallel_port_creates_on_a_24_get_distinct_addresses_and_macs()
    {
        var (network, _) = await Demo.NetworkWithSubnetAsync("busy", "172.30.1.0/24");
        var body = new JsonObject { ["port"] = new JsonObject { ["network_id"] = network["id"]!.ToString() } };

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Demo.PostAsync("ports", (JsonObject)body.DeepClone())));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        var ports = results.Select(r => r.Body!["port"]!).ToList();
        var addresses = ports.Select(p => p["fixed_ips"]![0]!["ip_address"]!.ToString()).ToList();
        Assert.Equal(200, addresses.Distinct().Count());
        Assert.DoesNotContain("172.30.1.1", addresses);
        Assert.Equal(200, ports.Select(p => p["mac_address"]!.ToString()).Distinct().Count());
    }

    [Fact]
    public async Task A_full_subnet_answers_IpAddressGenerationFailure()
    {
        var (network, _) = await Demo.NetworkWithSubnetAsync("tiny", "172.30.2.0/29");
        var body = new JsonObject { ["port"] = new JsonObject { ["network_id"] = network["id"]!.ToString() } };
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Demo.PostAsync("ports", (JsonObject)body.DeepClone())).Status);
        }

        var (status, error) = await Demo.PostAsync("ports", body);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("IpAddressGenerationFailure", error!["NeutronError"]!["type"]!.ToString());
        Assert.Equal($"No more IP addresses available on network {network["id"]}.", error["NeutronError"]!["message"]!.ToString());
    }
}
