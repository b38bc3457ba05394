using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;

namespace Nuvola.Drivers.OpenStack.Tests.Handlers;

public sealed class ComputeHandlerTests : DriverTestBase
{
    [Fact]
    public async Task Server_boots_on_named_image_flavor_network_and_keypair_and_updates_in_place()
    {
        var key = await Driver.CreateAsync(Spec("key", "OS::Nova::KeyPair", new { name = "k1" }));
        var group = await Driver.CreateAsync(Spec("sg", "OS::Neutron::SecurityGroup", new { name = "extra" }));
        var create = Spec("vm", "OS::Nova::Server", new JsonObject
        {
            ["name"] = "vm1",
            ["image"] = "cirros-0.6.2-x86_64-disk",
            ["flavor"] = "m1.tiny",
            ["key_name"] = key.PhysicalId,
            ["networks"] = new JsonArray(new JsonObject { ["network"] = "private" }),
            ["metadata"] = new JsonObject { ["role"] = "web", ["n"] = 3 },
            ["user_data"] = "#!/bin/sh\necho hi\n",
            ["user_data_format"] = "RAW",
            ["config_drive"] = true,
            ["tags"] = new JsonArray("blue"),
        });
        var update = Spec("vm", "OS::Nova::Server", new JsonObject
        {
            ["name"] = "vm2",
            ["image"] = "cirros-0.6.2-x86_64-disk",
            ["flavor"] = "m1.small",
            ["key_name"] = key.PhysicalId,
            ["networks"] = new JsonArray(new JsonObject { ["network"] = "private" }),
            ["metadata"] = new JsonObject { ["role"] = "db" },
            ["security_groups"] = new JsonArray("default", "extra"),
            ["user_data"] = "#!/bin/sh\necho hi\n",
            ["user_data_format"] = "RAW",
            ["config_drive"] = true,
            ["tags"] = new JsonArray("blue"),
        });
        string? firstAddress = null;
        await LifecycleAsync(create, update,
            a =>
            {
                Assert.Equal("ACTIVE", Str(a["status"]));
                Assert.Equal("vm1", Str(a["name"]));
                firstAddress = Str(a["first_address"]);
                Assert.StartsWith("10.0.0.", firstAddress);
                Assert.Equal(firstAddress, Str(a["networks"]!["private"]![0]));
                Assert.NotNull(a["addresses"]!["private"]);
                Assert.Equal("3", Str(a["metadata"]!["n"]));
                Assert.Null(a["metadata"]!["nuvola-stack"]);
                Assert.Equal("k1", Str(a["show"]!["key_name"]));
                Assert.Equal(["blue"], Strings(a["tags"]).ToArray());
            },
            a =>
            {
                Assert.Equal("vm2", Str(a["name"]));
                Assert.Equal("db", Str(a["metadata"]!["role"]));
                Assert.Equal("m1.small", Str(a["show"]!["flavor"]!["original_name"]));
                Assert.Contains(a["show"]!["security_groups"]!.AsArray(), g => Str(g!["name"]) == "extra");
            });
    }

    [Fact]
    public async Task Server_on_a_subnet_gets_a_port_that_goes_with_it_and_is_found_by_tags()
    {
        var net = await Driver.CreateAsync(Spec("net", "OS::Neutron::Net", new { name = "snet" }));
        var subnet = await Driver.CreateAsync(Spec("sub", "OS::Neutron::Subnet", new { network = "snet", cidr = "10.7.0.0/24" }));
        var server = await Driver.CreateAsync(Spec("vm", "OS::Nova::Server", new JsonObject
        {
            ["image"] = "cirros-0.6.2-x86_64-disk",
            ["flavor"] = "1",
            ["networks"] = new JsonArray(new JsonObject { ["subnet"] = subnet.PhysicalId, ["fixed_ip"] = "10.7.0.33" }),
        }));
        var attrs = Attrs(server);
        Assert.Equal("10.7.0.33", Str(attrs["first_address"]));
        Assert.Equal("10.7.0.33", Str(attrs["networks"]![net.PhysicalId]![0]));
        Assert.Equal($"{Stack}-vm", Str(attrs["name"]));

        var found = await Driver.FindTaggedAsync(Stack);
        Assert.Contains(found, f => f.Type == "OS::Nova::Server" && f.PhysicalId == server.PhysicalId && f.LogicalName == "vm");

        await Driver.DeleteAsync("OS::Nova::Server", server.PhysicalId);
        Assert.Null(await Driver.ReadAsync("OS::Nova::Server", server.PhysicalId));
        using var admin = DriverFor("admin");
        var ports = await admin.Session.SendAsync("network", HttpMethod.Get, $"/ports?network_id={net.PhysicalId}&device_owner=compute:nova");
        Assert.Empty(ports.Body!["ports"]!.AsArray());
        await Driver.DeleteAsync("OS::Nova::Server", server.PhysicalId);
    }

    [Fact]
    public async Task Server_with_an_unknown_flavor_fails_naming_it_and_a_bad_request_carries_the_call_status_and_request_id()
    {
        var missing = await Assert.ThrowsAsync<OpenStackApiException>(() => Driver.CreateAsync(Spec("vm", "OS::Nova::Server",
            new { image = "cirros-0.6.2-x86_64-disk", flavor = "m1.huge" })));
        Assert.Contains("no flavor named 'm1.huge'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("OS::Nova::Server 'vm'", missing.Message, StringComparison.Ordinal);
        Assert.False(missing.IsTransient);

        var bad = await Assert.ThrowsAsync<OpenStackApiException>(() => Driver.CreateAsync(Spec("vm", "OS::Nova::Server",
            new JsonObject
            {
                ["image"] = "cirros-0.6.2-x86_64-disk",
                ["flavor"] = "m1.tiny",
                ["networks"] = new JsonArray(new JsonObject { ["network"] = "private", ["fixed_ip"] = "not-an-ip" }),
            })));
        Assert.Equal(400, bad.StatusCode);
        Assert.StartsWith("POST http://127.0.0.1:", bad.Call, StringComparison.Ordinal);
        Assert.EndsWith("/compute/v2.1/servers", bad.Call, StringComparison.Ordinal);
        Assert.StartsWith("req-", bad.RequestId, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(bad.CloudMessage));
        Assert.Contains(bad.CloudMessage!, bad.Message, StringComparison.Ordinal);
        Assert.False(bad.IsTransient);
    }

    [Fact]
    public async Task Keypair_generated_keeps_its_private_key_only_when_asked_and_it_is_a_secret_attribute()
    {
        var saved = await Driver.CreateAsync(Spec("key", "OS::Nova::KeyPair", new { name = "gen", save_private_key = true }));
        var attrs = Attrs(saved);
        Assert.Contains("PRIVATE KEY", Str(attrs["private_key"]), StringComparison.Ordinal);
        Assert.StartsWith("ssh-", Str(attrs["public_key"]), StringComparison.Ordinal);
        Assert.Equal("gen", saved.PhysicalId);
        Assert.True(new OpenStackTypeSchemas().IsSecretAttribute("OS::Nova::KeyPair", "private_key"));
        Assert.False(new OpenStackTypeSchemas().IsSecretAttribute("OS::Nova::KeyPair", "public_key"));

        var unsaved = await Driver.CreateAsync(Spec("key2", "OS::Nova::KeyPair", new { name = "gen2" }));
        Assert.Equal(string.Empty, Str(Attrs(unsaved)["private_key"]));

        var publicKey = Str(attrs["public_key"])!;
        await LifecycleAsync(
            Spec("key3", "OS::Nova::KeyPair", new { name = "given", public_key = publicKey }),
            Spec("key3", "OS::Nova::KeyPair", new { name = "given", public_key = publicKey }),
            a => Assert.Equal(publicKey, Str(a["public_key"])),
            a => Assert.Equal("given", Str(a["name"])));
    }

    [Fact]
    public async Task Keypair_with_a_public_key_is_adopted_when_a_crashed_run_already_made_it()
    {
        var first = await Driver.CreateAsync(Spec("key", "OS::Nova::KeyPair", new { name = "adopt" }));
        var publicKey = Str(Attrs(first)["public_key"])!;
        var again = await Driver.CreateAsync(Spec("key", "OS::Nova::KeyPair", new { name = "adopt", public_key = publicKey }));
        Assert.Equal("adopt", again.PhysicalId);

        var conflict = await Assert.ThrowsAsync<OpenStackApiException>(() =>
            Driver.CreateAsync(Spec("key", "OS::Nova::KeyPair", new { name = "adopt" })));
        Assert.Equal(409, conflict.StatusCode);
    }

    [Fact]
    public async Task Delete_of_objects_already_gone_succeeds()
    {
        foreach (var type in new[] { "OS::Nova::Server", "OS::Neutron::Net", "OS::Neutron::Port", "OS::Cinder::Volume", "OS::Nova::KeyPair" })
        {
            await Driver.DeleteAsync(type, Guid.NewGuid().ToString());
            Assert.Null(await Driver.ReadAsync(type, Guid.NewGuid().ToString()));
        }
    }

    [Fact]
    public async Task Unsupported_type_is_a_driver_exception()
    {
        Assert.False(Driver.Supports("OS::Heat::RandomString"));
        Assert.True(Driver.Supports("OS::Nova::Server"));
        await Assert.ThrowsAsync<OpenStackApiException>(() => Driver.ReadAsync("OS::Trove::Instance", "x"));
        Assert.Equal("openstack:demo:demo", Driver.ConcurrencyKey);
    }
}
