using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class RouterTests : NeutronTestBase
{
    private string _publicId = null!;

    protected override async Task SetUpAsync()
    {
        _publicId = await PublicNetworkIdAsync();
    }

    [Fact]
    public async Task A_router_with_a_gateway_gets_an_address_of_the_external_network_and_goes_away_with_its_gateway_port()
    {
        var router = await Demo.CreateAsync("routers", "router", new JsonObject
        {
            ["name"] = "r1",
            ["external_gateway_info"] = new JsonObject { ["network_id"] = _publicId },
        });

        var gateway = router["external_gateway_info"]!;
        Assert.Equal(_publicId, gateway["network_id"]!.ToString());
        Assert.True(gateway["enable_snat"]!.GetValue<bool>());
        var address = gateway["external_fixed_ips"]![0]!["ip_address"]!.ToString();
        Assert.StartsWith("172.24.4.", address, StringComparison.Ordinal);
        Assert.Equal("ACTIVE", router["status"]!.ToString());

        var (renamed, updated) = await Demo.PutAsync($"routers/{router["id"]}", new JsonObject { ["router"] = new JsonObject { ["name"] = "r2" } });
        Assert.Equal(HttpStatusCode.OK, renamed);
        Assert.Equal("r2", updated!["router"]!["name"]!.ToString());
        Assert.Equal(1, updated["router"]!["revision_number"]!.GetValue<int>());
        Assert.Single((await Demo.GetAsync("routers?name=r2")).Body!["routers"]!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, (await Demo.DeleteAsync($"routers/{router["id"]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.GetAsync($"routers/{router["id"]}")).Status);
        using var admin = await NeutronClient.ForAsync(Cloud, "admin");
        var leftovers = (await admin.GetAsync($"ports?device_id={router["id"]}")).Body!["ports"]!.AsArray();
        Assert.Empty(leftovers);
    }

    [Fact]
    public async Task A_gateway_on_a_network_that_is_not_external_is_refused()
    {
        var (network, _) = await Demo.NetworkWithSubnetAsync("inside", "10.50.0.0/24");

        var (status, error) = await Demo.PostAsync("routers", new JsonObject
        {
            ["router"] = new JsonObject { ["external_gateway_info"] = new JsonObject { ["network_id"] = network["id"]!.ToString() } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($"Bad router request: Network {network["id"]} is not an external network.", error!["NeutronError"]!["message"]!.ToString());
    }

    [Fact]
    public async Task An_interface_takes_the_subnet_gateway_and_blocks_deleting_router_subnet_and_network_until_removed()
    {
        var (network, subnet) = await Demo.NetworkWithSubnetAsync("inside", "10.51.0.0/24");
        var router = await Demo.CreateAsync("routers", "router", new JsonObject { ["name"] = "r" });
        var routerId = router["id"]!.ToString();
        var subnetId = subnet["id"]!.ToString();

        var (added, body) = await Demo.PutAsync($"routers/{routerId}/add_router_interface", new JsonObject { ["subnet_id"] = subnetId });

        Assert.Equal(HttpStatusCode.OK, added);
        Assert.Equal(routerId, body!["id"]!.ToString());
        Assert.Equal(subnetId, body["subnet_id"]!.ToString());
        Assert.Equal(subnetId, body["subnet_ids"]![0]!.ToString());
        Assert.Equal(network["id"]!.ToString(), body["network_id"]!.ToString());
        Assert.Equal(router["project_id"]!.ToString(), body["tenant_id"]!.ToString());
        var port = (await Demo.GetAsync($"ports/{body["port_id"]}")).Body!["port"]!;
        Assert.Equal("network:router_interface", port["device_owner"]!.ToString());
        Assert.Equal(routerId, port["device_id"]!.ToString());
        Assert.Equal("10.51.0.1", port["fixed_ips"]![0]!["ip_address"]!.ToString());

        var again = await Demo.PutAsync($"routers/{routerId}/add_router_interface", new JsonObject { ["subnet_id"] = subnetId });
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        var inUse = await Demo.DeleteAsync($"routers/{routerId}");
        Assert.Equal(HttpStatusCode.Conflict, inUse.Status);
        Assert.Equal("RouterInUse", inUse.Body!["NeutronError"]!["type"]!.ToString());
        Assert.Equal($"Router {routerId} still has ports", inUse.Body["NeutronError"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, (await Demo.DeleteAsync($"subnets/{subnetId}")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Demo.DeleteAsync($"networks/{network["id"]}")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Demo.DeleteAsync($"ports/{body["port_id"]}")).Status);

        var (removed, removedBody) = await Demo.PutAsync($"routers/{routerId}/remove_router_interface", new JsonObject { ["subnet_id"] = subnetId });
        Assert.Equal(HttpStatusCode.OK, removed);
        Assert.Equal(body["port_id"]!.ToString(), removedBody!["port_id"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.GetAsync($"ports/{body["port_id"]}")).Status);
        var missing = await Demo.PutAsync($"routers/{routerId}/remove_router_interface", new JsonObject { ["subnet_id"] = subnetId });
        Assert.Equal("RouterInterfaceNotFoundForSubnet", missing.Body!["NeutronError"]!["type"]!.ToString());
        Assert.Equal(HttpStatusCode.NoContent, (await Demo.DeleteAsync($"routers/{routerId}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Demo.DeleteAsync($"subnets/{subnetId}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Demo.DeleteAsync($"networks/{network["id"]}")).Status);
    }

    [Fact]
    public async Task An_interface_by_port_and_extra_routes_through_its_subnet()
    {
        var (network, subnet) = await Demo.NetworkWithSubnetAsync("inside", "10.52.0.0/24");
        var router = await Demo.CreateAsync("routers", "router", new JsonObject { ["name"] = "r" });
        var routerId = router["id"]!.ToString();
        var port = await Demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = network["id"]!.ToString() });
        var (added, body) = await Demo.PutAsync($"routers/{routerId}/add_router_interface", new JsonObject { ["port_id"] = port["id"]!.ToString() });
        Assert.Equal(HttpStatusCode.OK, added);
        Assert.Equal(port["id"]!.ToString(), body!["port_id"]!.ToString());
        Assert.Equal(subnet["id"]!.ToString(), body["subnet_id"]!.ToString());

        static JsonObject Routes(string nexthop) => new()
        {
            ["router"] = new JsonObject { ["routes"] = new JsonArray(new JsonObject { ["destination"] = "192.168.77.0/24", ["nexthop"] = nexthop }) },
        };

        var unreachable = await Demo.PutAsync($"routers/{routerId}", Routes("10.99.0.5"));
        Assert.Equal(HttpStatusCode.BadRequest, unreachable.Status);
        Assert.Equal("InvalidRoutes", unreachable.Body!["NeutronError"]!["type"]!.ToString());
        var (ok, updated) = await Demo.PutAsync($"routers/{routerId}", Routes("10.52.0.200"));
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("10.52.0.200", updated!["router"]!["routes"]![0]!["nexthop"]!.ToString());

        var needed = await Demo.PutAsync($"routers/{routerId}/remove_router_interface", new JsonObject { ["port_id"] = port["id"]!.ToString() });
        Assert.Equal(HttpStatusCode.Conflict, needed.Status);
        Assert.Equal("RouterInterfaceInUseByRoute", needed.Body!["NeutronError"]!["type"]!.ToString());

        var cleared = await Demo.PutAsync($"routers/{routerId}", new JsonObject { ["router"] = new JsonObject { ["routes"] = new JsonArray() } });
        Assert.Empty(cleared.Body!["router"]!["routes"]!.AsArray());
        var removed = await Demo.PutAsync($"routers/{routerId}/remove_router_interface", new JsonObject { ["port_id"] = port["id"]!.ToString() });
        Assert.Equal(HttpStatusCode.OK, removed.Status);
    }
}
