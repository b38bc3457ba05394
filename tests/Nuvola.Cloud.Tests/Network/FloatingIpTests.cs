using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nuvola.Cloud.Network;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class FloatingIpTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;
    private NeutronClient _demo = null!;
    private string _publicId = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        _demo = await NeutronClient.ForAsync(_cloud, "demo");
        _publicId = (await _demo.GetAsync("networks?name=public")).Body!["networks"]![0]!["id"]!.ToString();
    }

    public async Task DisposeAsync()
    {
        _demo.Dispose();
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task A_floating_ip_is_associated_reassociated_disassociated_and_released()
    {
        var (network, subnet) = await _demo.NetworkWithSubnetAsync("inside", "10.60.0.0/24");
        var router = await _demo.CreateAsync("routers", "router", new JsonObject
        {
            ["external_gateway_info"] = new JsonObject { ["network_id"] = _publicId },
        });
        await _demo.PutAsync($"routers/{router["id"]}/add_router_interface", new JsonObject { ["subnet_id"] = subnet["id"]!.ToString() });
        var first = await _demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = network["id"]!.ToString() });
        var second = await _demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = network["id"]!.ToString() });

        var floating = await _demo.CreateAsync("floatingips", "floatingip", new JsonObject
        {
            ["floating_network_id"] = _publicId,
            ["port_id"] = first["id"]!.ToString(),
        });
        var path = $"floatingips/{floating["id"]}";
        Assert.StartsWith("172.24.4.", floating["floating_ip_address"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(first["fixed_ips"]![0]!["ip_address"]!.ToString(), floating["fixed_ip_address"]!.ToString());
        Assert.Equal(router["id"]!.ToString(), floating["router_id"]!.ToString());
        Assert.Equal("ACTIVE", floating["status"]!.ToString());

        var (moved, movedBody) = await _demo.PutAsync(path, new JsonObject { ["floatingip"] = new JsonObject { ["port_id"] = second["id"]!.ToString() } });
        Assert.Equal(HttpStatusCode.OK, moved);
        Assert.Equal(second["id"]!.ToString(), movedBody!["floatingip"]!["port_id"]!.ToString());
        Assert.Equal(second["fixed_ips"]![0]!["ip_address"]!.ToString(), movedBody["floatingip"]!["fixed_ip_address"]!.ToString());
        Assert.Equal(floating["floating_ip_address"]!.ToString(), movedBody["floatingip"]!["floating_ip_address"]!.ToString());

        var (_, released) = await _demo.PutAsync(path, new JsonObject { ["floatingip"] = new JsonObject { ["port_id"] = null } });
        Assert.Null(released!["floatingip"]!["port_id"]);
        Assert.Null(released["floatingip"]!["router_id"]);
        Assert.Equal("DOWN", released["floatingip"]!["status"]!.ToString());

        await _demo.PutAsync(path, new JsonObject { ["floatingip"] = new JsonObject { ["port_id"] = first["id"]!.ToString() } });
        Assert.Equal(HttpStatusCode.NoContent, (await _demo.DeleteAsync($"ports/{first["id"]}")).Status);
        var afterPortDelete = (await _demo.GetAsync(path)).Body!["floatingip"]!;
        Assert.Null(afterPortDelete["port_id"]);
        Assert.Equal("DOWN", afterPortDelete["status"]!.ToString());

        Assert.Equal(HttpStatusCode.NoContent, (await _demo.DeleteAsync(path)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _demo.GetAsync(path)).Status);
    }

    [Fact]
    public async Task A_servers_port_lists_its_floating_address_for_Compute()
    {
        var (network, subnet) = await _demo.NetworkWithSubnetAsync("inside", "10.62.0.0/24");
        var router = await _demo.CreateAsync("routers", "router", new JsonObject
        {
            ["external_gateway_info"] = new JsonObject { ["network_id"] = _publicId },
        });
        await _demo.PutAsync($"routers/{router["id"]}/add_router_interface", new JsonObject { ["subnet_id"] = subnet["id"]!.ToString() });
        var port = await _demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = network["id"]!.ToString(), ["device_id"] = "server-9" });
        var networking = _cloud.Services.GetRequiredService<IServerNetworking>();
        Assert.Empty(Assert.Single(networking.PortsOf("server-9")).FloatingIps!);

        var floating = await _demo.CreateAsync("floatingips", "floatingip", new JsonObject
        {
            ["floating_network_id"] = _publicId,
            ["port_id"] = port["id"]!.ToString(),
        });

        Assert.Equal(floating["floating_ip_address"]!.ToString(), Assert.Single(Assert.Single(networking.PortsOf("server-9")).FloatingIps!));
    }

    [Fact]
    public async Task A_port_no_router_connects_to_the_external_network_is_refused()
    {
        var (network, subnet) = await _demo.NetworkWithSubnetAsync("island", "10.61.0.0/24");
        var port = await _demo.CreateAsync("ports", "port", new JsonObject { ["network_id"] = network["id"]!.ToString() });

        var (status, error) = await _demo.PostAsync("floatingips", new JsonObject
        {
            ["floatingip"] = new JsonObject { ["floating_network_id"] = _publicId, ["port_id"] = port["id"]!.ToString() },
        });

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("ExternalGatewayForFloatingIPNotFound", error!["NeutronError"]!["type"]!.ToString());
        Assert.Equal(
            $"External network {_publicId} is not reachable from subnet {subnet["id"]}.  Therefore, cannot associate Port {port["id"]} with a Floating IP.",
            error["NeutronError"]!["message"]!.ToString());
        Assert.Empty((await _demo.GetAsync("floatingips")).Body!["floatingips"]!.AsArray());
    }

    [Fact]
    public async Task The_floatingip_quota_is_enforced_with_OverQuota_and_only_admin_picks_the_address()
    {
        using var admin = await NeutronClient.ForAsync(_cloud, "admin");
        var demoProject = (await _demo.CreateAsync("networks", "network", new JsonObject { ["name"] = "probe" }))["project_id"]!.ToString();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"quotas/{demoProject}", new JsonObject { ["quota"] = new JsonObject { ["floatingip"] = 1 } })).Status);
        var body = new JsonObject { ["floatingip"] = new JsonObject { ["floating_network_id"] = _publicId } };
        Assert.Equal(HttpStatusCode.Created, (await _demo.PostAsync("floatingips", (JsonObject)body.DeepClone())).Status);

        var (status, error) = await _demo.PostAsync("floatingips", body);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("OverQuota", error!["NeutronError"]!["type"]!.ToString());
        Assert.Equal("Quota exceeded for resources: ['floatingip'].", error["NeutronError"]!["message"]!.ToString());
        var asked = new JsonObject { ["floatingip"] = new JsonObject { ["floating_network_id"] = _publicId, ["floating_ip_address"] = "172.24.4.200" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await _demo.PostAsync("floatingips", (JsonObject)asked.DeepClone())).Status);
        var (created, chosen) = await admin.PostAsync("floatingips", asked);
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("172.24.4.200", chosen!["floatingip"]!["floating_ip_address"]!.ToString());
    }
}
