using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nuvola.Cloud.Network;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class FloatingIpTests : NeutronTestBase
{
    private string _publicId = null!;

    protected override async Task SetUpAsync()
    {
        _publicId = await PublicNetworkIdAsync();
    }

    [Fact]
    public async Task A_floating_ip_is_associated_reassociated_disassociated_and_released()
    {
        var (network, subnet) = await Demo.NetworkWithSubnetAsync("inside", "10.60.0.0/24");
        var router = await Demo.CreateAsync("routers", "router", new JsonObject
        {
            ["external_gateway_info"] = new JsonObject { ["network_id"] = _publicId },
        });
        await Demo.PutAsync($"routers/{router["id"]}/add_router_interface", new JsonObject { ["subnet_id"] = subnet["id"]!.ToString() });
        var first = await Demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = network["id"]!.ToString() });
        var second = await Demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = network["id"]!.ToString() });

        var floating = await Demo.CreateAsync("floatingips", "floatingip", new JsonObject
        {
            ["floating_network_id"] = _publicId,
            ["port_id"] = first["id"]!.ToString(),
        });
        var path = $"floatingips/{floating["id"]}";
        Assert.StartsWith("172.24.4.", floating["floating_ip_address"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(first["fixed_ips"]![0]!["ip_address"]!.ToString(), floating["fixed_ip_address"]!.ToString());
        Assert.Equal(router["id"]!.ToString(), floating["router_id"]!.ToString());
        Assert.Equal("ACTIVE", floating["status"]!.ToString());

        var (moved, movedBody) = await Demo.PutAsync(path, new JsonObject { ["floatingip"] = new JsonObject { ["port_id"] = second["id"]!.ToString() } });
        Assert.Equal(HttpStatusCode.OK, moved);
        Assert.Equal(second["id"]!.ToString(), movedBody!["floatingip"]!["port_id"]!.ToString());
        Assert.Equal(second["fixed_ips"]![0]!["ip_address"]!.ToString(), movedBody["floatingip"]!["fixed_ip_address"]!.ToString());
        Assert.Equal(floating["floating_ip_address"]!.ToString(), movedBody["floatingip"]!["floating_ip_address"]!.ToString());

        var (_, released) = await Demo.PutAsync(path, new JsonObject { ["floatingip"] = new JsonObject { ["port_id"] = null } });
        Assert.Null(released!["floatingip"]!["port_id"]);
        Assert.Null(released["floatingip"]!["router_id"]);
        Assert.Equal("DOWN", released["floatingip"]!["status"]!.ToString());

        await Demo.PutAsync(path, new JsonObject { ["floatingip"] = new JsonObject { ["port_id"] = first["id"]!.ToString() } });
        Assert.Equal(HttpStatusCode.NoContent, (await Demo.DeleteAsync($"ports/{first["id"]}")).Status);
        var afterPortDelete = (await Demo.GetAsync(path)).Body!["floatingip"]!;
        Assert.Null(afterPortDelete["port_id"]);
        Assert.Equal("DOWN", afterPortDelete["status"]!.ToString());

        Assert.Equal(HttpStatusCode.NoContent, (await Demo.DeleteAsync(path)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Demo.GetAsync(path)).Status);
    }

    [Fact]
    public async Task A_servers_port_lists_its_floating_address_for_Compute()
    {
        var (network, subnet) = await Demo.NetworkWithSubnetAsync("inside", "10.62.0.0/24");
        var router = await Demo.CreateAsync("routers", "router", new JsonObject
        {
            ["external_gateway_info"] = new JsonObject { ["network_id"] = _publicId },
        });
        await Demo.PutAsync($"routers/{router["id"]}/add_router_interface", new JsonObject { ["subnet_id"] = subnet["id"]!.ToString() });
        var port = await Demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = network["id"]!.ToString(), ["device_id"] = "server-9" });
        var networking = Cloud.Services.GetRequiredService<IServerNetworking>();
        Assert.Empty(Assert.Single(networking.PortsOf("server-9")).FloatingIps!);

        var floating = await Demo.CreateAsync("floatingips", "floatingip", new JsonObject
        {
            ["floating_network_id"] = _publicId,
            ["port_id"] = port["id"]!.ToString(),
        });

        Assert.Equal(floating["floating_ip_address"]!.ToString(), Assert.Single(Assert.Single(networking.PortsOf("server-9")).FloatingIps!));
    }

    [Fact]
    public async Task A_port_no_router_connects_to_the_external_network_is_refused()
    {
        var (network, subnet) = await Demo.NetworkWithSubnetAsync("island", "10.61.0.0/24");
        var port = await Demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = network["id"]!.ToString() });

        var (status, error) = await Demo.PostAsync("floatingips", new JsonObject
        {
            ["floatingip"] = new JsonObject { ["floating_network_id"] = _publicId, ["port_id"] = port["id"]!.ToString() },
        });

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("ExternalGatewayForFloatingIPNotFound", error!["NeutronError"]!["type"]!.ToString());
        Assert.Equal(
            $"External network {_publicId} is not reachable from subnet {subnet["id"]}.  Therefore, cannot associate Port {port["id"]} with a Floating IP.",
            error["NeutronError"]!["message"]!.ToString());
        Assert.Empty((await Demo.GetAsync("floatingips")).Body!["floatingips"]!.AsArray());
    }

    [Fact]
    public async Task The_floatingip_quota_is_enforced_with_OverQuota_and_only_admin_picks_the_address()
    {
        using var admin = await NeutronClient.ForAsync(Cloud, "admin");
        var demoProject = (await Demo.CreateAsync("networks", "network", new JsonObject { ["name"] = "probe" }))["project_id"]!.ToString();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"quotas/{demoProject}", new JsonObject { ["quota"] = new JsonObject { ["floatingip"] = 1 } })).Status);
        var body = new JsonObject { ["floatingip"] = new JsonObject { ["floating_network_id"] = _publicId } };
        Assert.Equal(HttpStatusCode.Created, (await Demo.PostAsync("floatingips", (JsonObject)body.DeepClone())).Status);

        var (status, error) = await Demo.PostAsync("floatingips", body);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("OverQuota", error!["NeutronError"]!["type"]!.ToString());
        Assert.Equal("Quota exceeded for resources: ['floatingip'].", error["NeutronError"]!["message"]!.ToString());
        var asked = new JsonObject { ["floatingip"] = new JsonObject { ["floating_network_id"] = _publicId, ["floating_ip_address"] = "172.24.4.200" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await Demo.PostAsync("floatingips", (JsonObject)asked.DeepClone())).Status);
        var (created, chosen) = await admin.PostAsync("floatingips", asked);
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("172.24.4.200", chosen!["floatingip"]!["floating_ip_address"]!.ToString());
    }
}
