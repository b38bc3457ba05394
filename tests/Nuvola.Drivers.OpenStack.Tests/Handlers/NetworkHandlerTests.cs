using System.Text.Json.Nodes;

namespace Nuvola.Drivers.OpenStack.Tests.Handlers;

public sealed class NetworkHandlerTests : DriverTestBase
{
    [Fact]
    public async Task Net_lives_through_create_read_update_delete_and_reports_heat_attributes()
    {
        await LifecycleAsync(
            Spec("net", "OS::Neutron::Net", new { name = "n1", tags = new[] { "blue" } }),
            Spec("net", "OS::Neutron::Net", new { name = "n2", admin_state_up = false }),
            a =>
            {
                Assert.Equal("n1", Str(a["name"]));
                Assert.Equal("n1", Str(a["show"]!["name"]));
                Assert.NotNull(a["subnets"]);
                Assert.Contains("blue", Strings(a["tags"]));
                Assert.DoesNotContain("nuvola-resource=net", Strings(a["tags"]));
                Assert.Contains("nuvola-resource=net", Strings(a["show"]!["tags"]));
            },
            a =>
            {
                Assert.Equal("n2", Str(a["name"]));
                Assert.False(a["admin_state_up"]!.GetValue<bool>());
            });
    }

    [Fact]
    public async Task Subnet_resolves_its_network_by_name_and_updates_gateway_and_pools()
    {
        var net = await Driver.CreateAsync(Spec("net", "OS::Neutron::Net", new { name = "by-name" }));
        await LifecycleAsync(
            Spec("sub", "OS::Neutron::Subnet", new { network = "by-name", cidr = "192.168.50.0/24", name = "s1" }),
            Spec("sub", "OS::Neutron::Subnet", new
            {
                network = "by-name",
                cidr = "192.168.50.0/24",
                name = "s2",
                gateway_ip = "192.168.50.254",
                allocation_pools = new[] { new { start = "192.168.50.10", end = "192.168.50.20" } },
            }),
            a =>
            {
                Assert.Equal("192.168.50.0/24", Str(a["cidr"]));
                Assert.Equal(net.PhysicalId, Str(a["network_id"]));
                Assert.Equal("192.168.50.1", Str(a["gateway_ip"]));
                Assert.NotEmpty(a["allocation_pools"]!.AsArray());
            },
            a =>
            {
                Assert.Equal("s2", Str(a["name"]));
                Assert.Equal("192.168.50.254", Str(a["gateway_ip"]));
                Assert.Equal("192.168.50.10", Str(a["allocation_pools"]![0]!["start"]));
            });
        await Driver.DeleteAsync("OS::Neutron::Net", net.PhysicalId);
    }

    [Fact]
    public async Task Port_gets_fixed_ips_and_mac_and_changes_security_groups_in_place()
    {
        var net = await Driver.CreateAsync(Spec("net", "OS::Neutron::Net", new { name = "pnet" }));
        await Driver.CreateAsync(Spec("sub", "OS::Neutron::Subnet", new { network = net.PhysicalId, cidr = "10.9.0.0/24", name = "psub" }));
        var group = await Driver.CreateAsync(Spec("sg", "OS::Neutron::SecurityGroup", new { name = "web" }));
        await LifecycleAsync(
            Spec("port", "OS::Neutron::Port", new { network = "pnet", fixed_ips = new[] { new { subnet = "psub", ip_address = "10.9.0.50" } } }),
            Spec("port", "OS::Neutron::Port", new
            {
                network = "pnet",
                name = "renamed",
                security_groups = new[] { "web" },
                fixed_ips = new[] { new { subnet = "psub", ip_address = "10.9.0.50" } },
            }),
            a =>
            {
                Assert.Equal("10.9.0.50", Str(a["fixed_ips"]![0]!["ip_address"]));
                Assert.Matches("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$", Str(a["mac_address"]));
                Assert.NotNull(a["show"]);
            },
            a =>
            {
                Assert.Equal("renamed", Str(a["name"]));
                Assert.Equal(group.PhysicalId, Assert.Single(Strings(a["security_groups"])));
            });
    }

    [Fact]
    public async Task Router_with_gateway_interface_floating_ip_and_association()
    {
        var net = await Driver.CreateAsync(Spec("net", "OS::Neutron::Net", new { name = "rnet" }));
        var subnet = await Driver.CreateAsync(Spec("sub", "OS::Neutron::Subnet", new { network = "rnet", cidr = "10.8.0.0/24" }));
        var router = await Driver.CreateAsync(Spec("router", "OS::Neutron::Router",
            new { name = "r1", external_gateway_info = new { network = "public" } }));
        Assert.NotNull(Attrs(router)["external_gateway_info"]!["network_id"]);

        var iface = await Driver.CreateAsync(Spec("iface", "OS::Neutron::RouterInterface", new { router = "r1", subnet = subnet.PhysicalId }));
        Assert.Equal($"{router.PhysicalId}:subnet_id={subnet.PhysicalId}", iface.PhysicalId);
        Assert.NotNull(await Driver.ReadAsync("OS::Neutron::RouterInterface", iface.PhysicalId));

        var port = await Driver.CreateAsync(Spec("port", "OS::Neutron::Port", new { network = net.PhysicalId }));
        var fip = await Driver.CreateAsync(Spec("fip", "OS::Neutron::FloatingIP", new { floating_network = "public" }));
        var fipAttrs = Attrs(fip);
        Assert.StartsWith("172.24.4.", Str(fipAttrs["floating_ip_address"]));
        Assert.NotNull(Str(fipAttrs["floating_network_id"]));

        var association = await Driver.CreateAsync(Spec("assoc", "OS::Neutron::FloatingIPAssociation",
            new { floatingip_id = fip.PhysicalId, port_id = port.PhysicalId }));
        Assert.Equal(port.PhysicalId, Str(Attrs((await Driver.ReadAsync("OS::Neutron::FloatingIP", fip.PhysicalId))!)["port_id"]));
        await Driver.DeleteAsync("OS::Neutron::FloatingIPAssociation", association.PhysicalId);
        Assert.Null(await Driver.ReadAsync("OS::Neutron::FloatingIPAssociation", association.PhysicalId));
        await Driver.DeleteAsync("OS::Neutron::FloatingIPAssociation", association.PhysicalId);

        var router2 = await Driver.UpdateAsync(Spec("router", "OS::Neutron::Router", new { name = "r2" }), router);
        Assert.Equal("r2", Str(Attrs(router2)["name"]));

        await Driver.DeleteAsync("OS::Neutron::RouterInterface", iface.PhysicalId);
        Assert.Null(await Driver.ReadAsync("OS::Neutron::RouterInterface", iface.PhysicalId));
        await Driver.DeleteAsync("OS::Neutron::RouterInterface", iface.PhysicalId);
        await Driver.DeleteAsync("OS::Neutron::FloatingIP", fip.PhysicalId);
        await Driver.DeleteAsync("OS::Neutron::Router", router.PhysicalId);
        Assert.Null(await Driver.ReadAsync("OS::Neutron::Router", router.PhysicalId));
    }

    [Fact]
    public async Task Security_group_rules_follow_the_list_and_a_rule_resource_resolves_its_group_by_name()
    {
        var rules = new JsonArray(new JsonObject { ["protocol"] = "tcp", ["port_range_min"] = 22, ["port_range_max"] = 22, ["remote_ip_prefix"] = "0.0.0.0/0" });
        var (created, _) = await LifecycleAsync(
            Spec("sg", "OS::Neutron::SecurityGroup", new JsonObject { ["name"] = "ssh", ["rules"] = rules }),
            Spec("sg", "OS::Neutron::SecurityGroup", new JsonObject
            {
                ["name"] = "http",
                ["description"] = "web",
                ["rules"] = new JsonArray(new JsonObject { ["protocol"] = "tcp", ["port_range_min"] = 80, ["port_range_max"] = 80 }),
            }),
            a => Assert.Contains(a["security_group_rules"]!.AsArray(), r => r!["port_range_min"]?.GetValue<int>() == 22),
            a =>
            {
                Assert.Equal("web", Str(a["description"]));
                var ingress = a["security_group_rules"]!.AsArray().Where(r => Str(r!["direction"]) == "ingress").ToList();
                Assert.Single(ingress);
                Assert.Equal(80, ingress[0]!["port_range_min"]!.GetValue<int>());
            });
        Assert.NotNull(created);

        var group = await Driver.CreateAsync(Spec("sg2", "OS::Neutron::SecurityGroup", new { name = "named" }));
        var rule = await Driver.CreateAsync(Spec("rule", "OS::Neutron::SecurityGroupRule",
            new { security_group = "named", protocol = "icmp", remote_ip_prefix = "10.0.0.0/8" }));
        Assert.Equal(group.PhysicalId, Str(Attrs(rule)["security_group_id"]));
        await Driver.DeleteAsync("OS::Neutron::SecurityGroupRule", rule.PhysicalId);
        Assert.Null(await Driver.ReadAsync("OS::Neutron::SecurityGroupRule", rule.PhysicalId));
        await Driver.DeleteAsync("OS::Neutron::SecurityGroupRule", rule.PhysicalId);
    }

    [Fact]
    public async Task Server_networks_entry_with_a_floating_ip_gets_it_associated()
    {
        var router = await Driver.CreateAsync(Spec("router", "OS::Neutron::Router", new { external_gateway_info = new { network = "public" } }));
        await Driver.CreateAsync(Spec("iface", "OS::Neutron::RouterInterface", new { router = router.PhysicalId, subnet = "private-subnet" }));
        var fip = await Driver.CreateAsync(Spec("fip", "OS::Neutron::FloatingIP", new { floating_network = "public" }));
        var server = await Driver.CreateAsync(Spec("vm", "OS::Nova::Server", new JsonObject
        {
            ["image"] = "cirros-0.6.2-x86_64-disk",
            ["flavor"] = "m1.tiny",
            ["networks"] = new JsonArray(new JsonObject { ["network"] = "private", ["floating_ip"] = fip.PhysicalId }),
        }));
        var address = Str(Attrs(fip)["floating_ip_address"]);
        var fipNow = Attrs((await Driver.ReadAsync("OS::Neutron::FloatingIP", fip.PhysicalId))!);
        Assert.NotNull(Str(fipNow["port_id"]));
        Assert.Equal(Str(Attrs(server)["first_address"]), Str(fipNow["fixed_ip_address"]));
        Assert.NotNull(address);
        await Driver.DeleteAsync("OS::Nova::Server", server.PhysicalId);
    }

    [Fact]
    public async Task Tagged_objects_are_found_by_stack()
    {
        var net = await Driver.CreateAsync(Spec("mynet", "OS::Neutron::Net", new { name = "tagged" }));
        var found = await Driver.FindTaggedAsync(Stack);
        Assert.Contains(found, f => f.PhysicalId == net.PhysicalId && f.LogicalName == "mynet" && f.Type == "OS::Neutron::Net");
        Assert.Empty(await Driver.FindTaggedAsync("another-stack"));
    }
}
