using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class L3IsolationTests : NeutronTestBase
{
    [Fact]
    public async Task Demo_neither_sees_nor_changes_admins_routers_and_floating_ips()
    {
        var publicId = (await Admin.GetAsync("networks?name=public")).Body!["networks"]![0]!["id"]!.ToString();
        var router = await Admin.CreateAsync("routers", "router", new JsonObject { ["name"] = "admins" });
        var floating = await Admin.CreateAsync("floatingips", "floatingip", new JsonObject { ["floating_network_id"] = publicId });
        var routerPath = $"routers/{router["id"]}";
        var floatingPath = $"floatingips/{floating["id"]}";

        Assert.Empty((await Demo.GetAsync("routers")).Body!["routers"]!.AsArray());
        Assert.Empty((await Demo.GetAsync("floatingips")).Body!["floatingips"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.GetAsync(routerPath)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.PutAsync(routerPath, new JsonObject { ["router"] = new JsonObject { ["name"] = "x" } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.DeleteAsync(routerPath)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.PutAsync(routerPath + "/add_router_interface", new JsonObject { ["subnet_id"] = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.PutAsync(routerPath + "/tags/mine")).Status);
        var (status, error) = await Demo.GetAsync(floatingPath);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"Floating IP {floating["id"]} could not be found", error!["NeutronError"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.PutAsync(floatingPath, new JsonObject { ["floatingip"] = new JsonObject { ["port_id"] = null } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.DeleteAsync(floatingPath)).Status);

        Assert.Equal("admins", (await Admin.GetAsync(routerPath)).Body!["router"]!["name"]!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync(floatingPath)).Status);
    }

    [Fact]
    public async Task Demo_can_neither_use_nor_remove_admins_router_interfaces()
    {
        var (adminNet, adminSubnet) = await Admin.NetworkWithSubnetAsync("admin-inside", "10.120.0.0/24");
        var router = await Admin.CreateAsync("routers", "router", new JsonObject { ["name"] = "admins" });
        var routerPath = $"routers/{router["id"]}";
        var (added, interfaceBody) = await Admin.PutAsync(routerPath + "/add_router_interface", new JsonObject { ["subnet_id"] = adminSubnet["id"]!.ToString() });
        Assert.Equal(HttpStatusCode.OK, added);
        var interfacePort = interfaceBody!["port_id"]!.ToString();
        var (_, demoSubnet) = await Demo.NetworkWithSubnetAsync("demo-inside", "10.121.0.0/24");
        var demoRouter = await Demo.CreateAsync("routers", "router", new JsonObject { ["name"] = "demos" });

        var (remove, _) = await Demo.PutAsync(routerPath + "/remove_router_interface", new JsonObject { ["subnet_id"] = adminSubnet["id"]!.ToString() });
        var (addOwn, _) = await Demo.PutAsync(routerPath + "/add_router_interface", new JsonObject { ["subnet_id"] = demoSubnet["id"]!.ToString() });
        var (addTheirs, theirsError) = await Demo.PutAsync(
            $"routers/{demoRouter["id"]}/add_router_interface", new JsonObject { ["subnet_id"] = adminSubnet["id"]!.ToString() });
        var (addTheirPort, _) = await Demo.PutAsync($"routers/{demoRouter["id"]}/add_router_interface", new JsonObject { ["port_id"] = interfacePort });
        var (showPort, _) = await Demo.GetAsync($"ports/{interfacePort}");
        var (deletePort, _) = await Demo.DeleteAsync($"ports/{interfacePort}");
        var (_, demoPorts) = await Demo.GetAsync($"ports?device_id={router["id"]}");

        Assert.Equal(HttpStatusCode.NotFound, remove);
        Assert.Equal(HttpStatusCode.NotFound, addOwn);
        Assert.Equal(HttpStatusCode.NotFound, addTheirs);
        Assert.Equal("SubnetNotFound", theirsError!["NeutronError"]!["type"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, addTheirPort);
        Assert.Equal(HttpStatusCode.NotFound, showPort);
        Assert.Equal(HttpStatusCode.NotFound, deletePort);
        Assert.Empty(demoPorts!["ports"]!.AsArray());
        var (_, adminPorts) = await Admin.GetAsync($"ports?device_id={router["id"]}&network_id={adminNet["id"]}");
        Assert.Single(adminPorts!["ports"]!.AsArray());
    }

    [Fact]
    public async Task Demo_cannot_put_admins_floating_ip_on_its_port_nor_its_own_on_admins_port()
    {
        var publicId = (await Admin.GetAsync("networks?name=public")).Body!["networks"]![0]!["id"]!.ToString();
        var (adminNet, _) = await Admin.NetworkWithSubnetAsync("admin-ports", "10.122.0.0/24");
        var adminPort = await Admin.CreateAsync("ports", "port", new JsonObject { ["network_id"] = adminNet["id"]!.ToString() });
        var adminFloating = await Admin.CreateAsync("floatingips", "floatingip", new JsonObject { ["floating_network_id"] = publicId });
        var demoFloating = await Demo.CreateAsync("floatingips", "floatingip", new JsonObject { ["floating_network_id"] = publicId });

        var (onAdminPort, error) = await Demo.PutAsync(
            $"floatingips/{demoFloating["id"]}", new JsonObject { ["floatingip"] = new JsonObject { ["port_id"] = adminPort["id"]!.ToString() } });
        var (createOnAdminPort, _) = await Demo.PostAsync("floatingips", new JsonObject
        {
            ["floatingip"] = new JsonObject { ["floating_network_id"] = publicId, ["port_id"] = adminPort["id"]!.ToString() },
        });
        var (tagAdmins, _) = await Demo.PutAsync($"floatingips/{adminFloating["id"]}/tags/mine");

        Assert.Equal(HttpStatusCode.NotFound, onAdminPort);
        Assert.Equal("PortNotFound", error!["NeutronError"]!["type"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, createOnAdminPort);
        Assert.Equal(HttpStatusCode.NotFound, tagAdmins);
        Assert.Single((await Demo.GetAsync("floatingips")).Body!["floatingips"]!.AsArray());
    }

    [Fact]
    public async Task Demo_neither_sees_nor_changes_admins_private_subnet_pools_and_address_scopes()
    {
        var scope = await Admin.CreateAsync("address-scopes", "address_scope", new JsonObject { ["name"] = "admins", ["ip_version"] = 4 });
        var pool = await Admin.CreateAsync("subnetpools", "subnetpool", new JsonObject
        {
            ["name"] = "admins",
            ["prefixes"] = new JsonArray("10.130.0.0/16"),
            ["address_scope_id"] = scope["id"]!.ToString(),
        });
        var poolPath = $"subnetpools/{pool["id"]}";
        var scopePath = $"address-scopes/{scope["id"]}";
        var network = await Demo.CreateAsync("networks", "network", new JsonObject { ["name"] = "demo-pooled" });

        Assert.Empty((await Demo.GetAsync("subnetpools")).Body!["subnetpools"]!.AsArray());
        Assert.Empty((await Demo.GetAsync("address-scopes")).Body!["address_scopes"]!.AsArray());
        var (show, error) = await Demo.GetAsync(poolPath);
        Assert.Equal(HttpStatusCode.NotFound, show);
        Assert.Equal($"Subnet pool {pool["id"]} could not be found.", error!["NeutronError"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.PutAsync(poolPath, new JsonObject { ["subnetpool"] = new JsonObject { ["name"] = "x" } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.PutAsync(poolPath + "/add_prefixes", new JsonObject { ["prefixes"] = new JsonArray("10.131.0.0/16") })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.PutAsync(poolPath + "/tags/mine")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.DeleteAsync(poolPath)).Status);
        var (subnet, _) = await Demo.PostAsync("subnets", new JsonObject
        {
            ["subnet"] = new JsonObject { ["network_id"] = network["id"]!.ToString(), ["ip_version"] = 4, ["subnetpool_id"] = pool["id"]!.ToString() },
        });
        Assert.Equal(HttpStatusCode.NotFound, subnet);
        var (scopeShow, scopeError) = await Demo.GetAsync(scopePath);
        Assert.Equal(HttpStatusCode.NotFound, scopeShow);
        Assert.Equal("AddressScopeNotFound", scopeError!["NeutronError"]!["type"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.PutAsync(scopePath, new JsonObject { ["address_scope"] = new JsonObject { ["name"] = "x" } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.DeleteAsync(scopePath)).Status);
        var (ownPool, _) = await Demo.PostAsync("subnetpools", new JsonObject
        {
            ["subnetpool"] = new JsonObject { ["prefixes"] = new JsonArray("10.140.0.0/16"), ["address_scope_id"] = scope["id"]!.ToString() },
        });
        Assert.Equal(HttpStatusCode.NotFound, ownPool);

        Assert.Equal("admins", (await Admin.GetAsync(poolPath)).Body!["subnetpool"]!["name"]!.ToString());
        Assert.Equal("admins", (await Admin.GetAsync(scopePath)).Body!["address_scope"]!["name"]!.ToString());
    }

    [Fact]
    public async Task Shared_pools_scopes_and_networks_are_seen_and_used_by_demo_but_changed_only_by_their_owner()
    {
        var scope = await Admin.CreateAsync("address-scopes", "address_scope", new JsonObject { ["name"] = "common", ["ip_version"] = 4, ["shared"] = true });
        var pool = await Admin.CreateAsync("subnetpools", "subnetpool", new JsonObject
        {
            ["name"] = "common",
            ["prefixes"] = new JsonArray("10.150.0.0/16"),
            ["default_prefixlen"] = 24,
            ["shared"] = true,
            ["address_scope_id"] = scope["id"]!.ToString(),
        });
        var shared = await Admin.CreateAsync("networks", "network", new JsonObject { ["name"] = "common", ["shared"] = true });
        var sharedSubnet = await Admin.CreateAsync("subnets", "subnet", new JsonObject
        {
            ["network_id"] = shared["id"]!.ToString(),
            ["ip_version"] = 4,
            ["cidr"] = "10.160.0.0/24",
        });
        var publicId = await PublicNetworkIdAsync();
        var demoNetwork = await Demo.CreateAsync("networks", "network", new JsonObject { ["name"] = "from-common" });

        Assert.Equal("common", (await Demo.GetAsync($"subnetpools/{pool["id"]}")).Body!["subnetpool"]!["name"]!.ToString());
        Assert.Equal("common", (await Demo.GetAsync($"address-scopes/{scope["id"]}")).Body!["address_scope"]!["name"]!.ToString());
        Assert.Equal("common", (await Demo.GetAsync($"networks/{shared["id"]}")).Body!["network"]!["name"]!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await Demo.GetAsync($"subnets/{sharedSubnet["id"]}")).Status);
        var forbidden = new List<HttpStatusCode>
        {
            (await Demo.PutAsync($"subnetpools/{pool["id"]}", new JsonObject { ["subnetpool"] = new JsonObject { ["name"] = "x" } })).Status,
            (await Demo.DeleteAsync($"subnetpools/{pool["id"]}")).Status,
            (await Demo.PutAsync($"address-scopes/{scope["id"]}", new JsonObject { ["address_scope"] = new JsonObject { ["name"] = "x" } })).Status,
            (await Demo.DeleteAsync($"address-scopes/{scope["id"]}")).Status,
            (await Demo.PutAsync($"networks/{shared["id"]}", new JsonObject { ["network"] = new JsonObject { ["name"] = "x" } })).Status,
            (await Demo.DeleteAsync($"networks/{shared["id"]}")).Status,
            (await Demo.PutAsync($"subnets/{sharedSubnet["id"]}", new JsonObject { ["subnet"] = new JsonObject { ["name"] = "x" } })).Status,
            (await Demo.DeleteAsync($"subnets/{sharedSubnet["id"]}")).Status,
            (await Demo.PostAsync("subnets", new JsonObject
            {
                ["subnet"] = new JsonObject { ["network_id"] = shared["id"]!.ToString(), ["ip_version"] = 4, ["cidr"] = "10.161.0.0/24" },
            })).Status,
            (await Demo.PostAsync("subnets", new JsonObject
            {
                ["subnet"] = new JsonObject { ["network_id"] = publicId, ["ip_version"] = 4, ["cidr"] = "10.162.0.0/24" },
            })).Status,
            (await Demo.PutAsync($"networks/{publicId}/tags/mine")).Status,
        };
        Assert.All(forbidden, status => Assert.Equal(HttpStatusCode.Forbidden, status));

        var subnet = await Demo.CreateAsync("subnets", "subnet", new JsonObject
        {
            ["network_id"] = demoNetwork["id"]!.ToString(),
            ["ip_version"] = 4,
            ["subnetpool_id"] = pool["id"]!.ToString(),
        });
        var port = await Demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = shared["id"]!.ToString() });
        Assert.Equal("10.150.0.0/24", subnet["cidr"]!.ToString());
        Assert.StartsWith("10.160.0.", port["fixed_ips"]![0]!["ip_address"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("common", (await Admin.GetAsync($"networks/{shared["id"]}")).Body!["network"]!["name"]!.ToString());
    }
}
