using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class NetworkCrudTests : NeutronTestBase
{
    [Fact]
    public async Task Versions_are_anonymous_and_v2_lists_its_resources()
    {
        using var versions = await Cloud.Http.GetAsync("/network");
        var (status, resources) = await Demo.SendAsync(HttpMethod.Get, string.Empty);

        Assert.Equal(HttpStatusCode.OK, versions.StatusCode);
        Assert.Equal("v2.0", (await TestCloud.JsonAsync(versions))["versions"]![0]!["id"]!.ToString());
        Assert.Equal(HttpStatusCode.OK, status);
        var names = resources!["resources"]!.AsArray().Select(r => r!["name"]!.ToString()).ToList();
        Assert.Contains("network", names);
        Assert.Contains("port", names);
    }

    [Fact]
    public async Task A_network_with_a_subnet_and_a_port_is_created_shown_updated_and_deleted()
    {
        var (network, subnet) = await Demo.NetworkWithSubnetAsync("net1", "192.168.10.0/24");
        Assert.Equal("192.168.10.1", subnet["gateway_ip"]!.ToString());
        Assert.Equal("192.168.10.2", subnet["allocation_pools"]![0]!["start"]!.ToString());
        Assert.Equal("192.168.10.254", subnet["allocation_pools"]![0]!["end"]!.ToString());
        var netId = network["id"]!.ToString();

        var port = await Demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = netId, ["name"] = "p1" });
        var (_, shown) = await Demo.GetAsync("networks/" + netId);
        var (updatedStatus, updated) = await Demo.PutAsync("networks/" + netId, new JsonObject { ["network"] = new JsonObject { ["name"] = "renamed" } });

        Assert.Equal("192.168.10.2", port["fixed_ips"]![0]!["ip_address"]!.ToString());
        Assert.Matches("^fa:16:3e(:[0-9a-f]{2}){3}$", port["mac_address"]!.ToString());
        Assert.Equal("DOWN", port["status"]!.ToString());
        Assert.Single(port["security_groups"]!.AsArray());
        Assert.Equal(subnet["id"]!.ToString(), shown!["network"]!["subnets"]![0]!.ToString());
        Assert.Equal(HttpStatusCode.OK, updatedStatus);
        Assert.Equal("renamed", updated!["network"]!["name"]!.ToString());
        Assert.Equal(1, (int)updated["network"]!["revision_number"]!);
        Assert.Equal(updated["network"]!["project_id"]!.ToString(), updated["network"]!["tenant_id"]!.ToString());

        var (inUse, inUseBody) = await Demo.DeleteAsync("networks/" + netId);
        Assert.Equal(HttpStatusCode.Conflict, inUse);
        Assert.Equal("NetworkInUse", inUseBody!["NeutronError"]!["type"]!.ToString());
        var (subnetInUse, subnetBody) = await Demo.DeleteAsync("subnets/" + subnet["id"]);
        Assert.Equal(HttpStatusCode.Conflict, subnetInUse);
        Assert.Equal("SubnetInUse", subnetBody!["NeutronError"]!["type"]!.ToString());

        Assert.Equal(HttpStatusCode.NoContent, (await Demo.DeleteAsync("ports/" + port["id"])).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Demo.DeleteAsync("networks/" + netId)).Status);
        var (gone, goneBody) = await Demo.GetAsync("subnets/" + subnet["id"]);
        Assert.Equal(HttpStatusCode.NotFound, gone);
        Assert.Equal("SubnetNotFound", goneBody!["NeutronError"]!["type"]!.ToString());
    }

    [Fact]
    public async Task A_fixed_ip_already_taken_is_refused_with_IpAddressAlreadyAllocated()
    {
        var (network, subnet) = await Demo.NetworkWithSubnetAsync("net1", "192.168.11.0/24");
        var fixedIp = new JsonObject { ["subnet_id"] = subnet["id"]!.ToString(), ["ip_address"] = "192.168.11.50" };
        await Demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = network["id"]!.ToString(), ["fixed_ips"] = new JsonArray(fixedIp) });

        var (status, body) = await Demo.PostAsync("ports", new JsonObject
        {
            ["port"] = new JsonObject { ["network_id"] = network["id"]!.ToString(), ["fixed_ips"] = new JsonArray(fixedIp.DeepClone()) },
        });

        Assert.Equal(HttpStatusCode.Conflict, status);
        var error = body!["NeutronError"]!;
        Assert.Equal("IpAddressAlreadyAllocated", error["type"]!.ToString());
        Assert.Equal($"IP address 192.168.11.50 already allocated in subnet {subnet["id"]}", error["message"]!.ToString());
        Assert.Equal(string.Empty, error["detail"]!.ToString());
    }

    [Fact]
    public async Task Subnet_with_gateway_and_pools_checks_them_and_updates_dns_and_routes()
    {
        var network = await Demo.CreateAsync("networks", "network", new JsonObject { ["name"] = "net1" });
        var (conflict, conflictBody) = await Demo.PostAsync("subnets", new JsonObject
        {
            ["subnet"] = new JsonObject
            {
                ["network_id"] = network["id"]!.ToString(),
                ["cidr"] = "10.20.0.0/28",
                ["ip_version"] = 4,
                ["gateway_ip"] = "10.20.0.3",
                ["allocation_pools"] = new JsonArray(new JsonObject { ["start"] = "10.20.0.2", ["end"] = "10.20.0.6" }),
            },
        });
        var subnet = await Demo.CreateAsync("subnets", "subnet", new JsonObject
        {
            ["network_id"] = network["id"]!.ToString(),
            ["cidr"] = "10.20.0.0/28",
            ["ip_version"] = 4,
            ["gateway_ip"] = null,
        });

        var (status, updated) = await Demo.PutAsync("subnets/" + subnet["id"], new JsonObject
        {
            ["subnet"] = new JsonObject
            {
                ["dns_nameservers"] = new JsonArray("8.8.8.8"),
                ["host_routes"] = new JsonArray(new JsonObject { ["destination"] = "10.30.0.0/24", ["nexthop"] = "10.20.0.9" }),
            },
        });

        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Equal("GatewayConflictWithAllocationPools", conflictBody!["NeutronError"]!["type"]!.ToString());
        Assert.Null(subnet["gateway_ip"]);
        Assert.Equal("10.20.0.1", subnet["allocation_pools"]![0]!["start"]!.ToString());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("8.8.8.8", updated!["subnet"]!["dns_nameservers"]![0]!.ToString());
        Assert.Equal("10.20.0.9", updated["subnet"]!["host_routes"]![0]!["nexthop"]!.ToString());
    }

    [Fact]
    public async Task Bad_input_gets_neutrons_400_types()
    {
        var (unknown, unknownBody) = await Demo.PostAsync("networks", new JsonObject { ["network"] = new JsonObject { ["colour"] = "red" } });
        var (badBool, badBoolBody) = await Demo.PostAsync("networks", new JsonObject { ["network"] = new JsonObject { ["admin_state_up"] = "maybe" } });
        var (shared, sharedBody) = await Demo.PostAsync("networks", new JsonObject { ["network"] = new JsonObject { ["shared"] = true } });

        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Equal("Unrecognized attribute(s) 'colour'", unknownBody!["NeutronError"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, badBool);
        Assert.Equal("Invalid input for admin_state_up. Reason: 'maybe' cannot be converted to boolean.", badBoolBody!["NeutronError"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, shared);
        Assert.Equal("PolicyNotAuthorized", sharedBody!["NeutronError"]!["type"]!.ToString());
    }

    [Fact]
    public async Task Extensions_are_listed_and_shown_by_alias()
    {
        var (_, list) = await Demo.GetAsync("extensions");
        var (status, one) = await Demo.GetAsync("extensions/security-group");
        var (missing, _) = await Demo.GetAsync("extensions/nope");

        Assert.Contains("port-security", list!["extensions"]!.AsArray().Select(e => e!["alias"]!.ToString()));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("security-group", one!["extension"]!["alias"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }
}
