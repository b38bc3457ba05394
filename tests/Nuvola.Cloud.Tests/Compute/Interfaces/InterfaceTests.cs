using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Tests.Compute.Servers;

namespace Nuvola.Cloud.Tests.Compute.Interfaces;

public sealed class InterfaceTests : IAsyncLifetime
{
    private ServerCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await ServerCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private static string Interfaces(string serverId) => $"/compute/v2.1/servers/{serverId}/os-interface";

    private async Task<string> ActiveServerAsync(HttpClient client, string name)
    {
        var id = await _cloud.CreateAsync(client, name);
        await _cloud.WaitForStatusAsync(client, id, "ACTIVE");
        return id;
    }

    private static JsonObject Attach(JsonObject attachment) => new() { ["interfaceAttachment"] = attachment };

    [Fact]
    public async Task Attach_by_network_binds_a_new_port_and_detach_deletes_it()
    {
        var server = await ActiveServerAsync(_cloud.Demo, "plugged");

        var before = await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Interfaces(server));
        var attached = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Interfaces(server), Attach(new JsonObject { ["net_id"] = _cloud.NetworkId })))["interfaceAttachment"]!;
        var portId = attached["port_id"]!.ToString();
        var port = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/network/v2.0/ports/" + portId))["port"]!;
        var after = await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Interfaces(server));
        var shown = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Interfaces(server) + "/" + portId))["interfaceAttachment"]!;
        var addresses = (await _cloud.ShowAsync(_cloud.Demo, server))["addresses"]!["private"]!.AsArray();

        Assert.Single(before["interfaceAttachments"]!.AsArray());
        Assert.Equal("ACTIVE", before["interfaceAttachments"]![0]!["port_state"]!.ToString());
        Assert.Equal(_cloud.NetworkId, attached["net_id"]!.ToString());
        Assert.Equal("ACTIVE", attached["port_state"]!.ToString());
        Assert.Equal(port["mac_address"]!.ToString(), attached["mac_addr"]!.ToString());
        Assert.Equal(port["fixed_ips"]![0]!["ip_address"]!.ToString(), attached["fixed_ips"]![0]!["ip_address"]!.ToString());
        Assert.Equal(server, port["device_id"]!.ToString());
        Assert.Equal("compute:nova", port["device_owner"]!.ToString());
        Assert.Equal(2, after["interfaceAttachments"]!.AsArray().Count);
        Assert.Equal(attached.ToJsonString(), shown.ToJsonString());
        Assert.False(shown.AsObject().ContainsKey("tag"));
        Assert.Equal(2, addresses.Count);
        Assert.Contains(addresses, a => a!["addr"]!.ToString() == attached["fixed_ips"]![0]!["ip_address"]!.ToString());

        var (detach, _) = await _cloud.Demo.CallAsync(HttpMethod.Delete, Interfaces(server) + "/" + portId);
        var (gone, _) = await _cloud.Demo.CallAsync(HttpMethod.Get, "/network/v2.0/ports/" + portId);
        var remaining = await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Interfaces(server));
        var actions = await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/compute/v2.1/servers/{server}/os-instance-actions");

        Assert.Equal(HttpStatusCode.Accepted, detach);
        Assert.Equal(HttpStatusCode.NotFound, gone);
        Assert.Single(remaining["interfaceAttachments"]!.AsArray());
        Assert.Single((await _cloud.ShowAsync(_cloud.Demo, server))["addresses"]!["private"]!.AsArray());
        Assert.Contains(actions["instanceActions"]!.AsArray(), a => a!["action"]!.ToString() == "attach_interface");
        Assert.Contains(actions["instanceActions"]!.AsArray(), a => a!["action"]!.ToString() == "detach_interface");
    }

    [Fact]
    public async Task A_given_port_is_bound_then_unbound_and_kept_and_can_move_to_another_server()
    {
        var first = await ActiveServerAsync(_cloud.Demo, "first");
        var second = await ActiveServerAsync(_cloud.Demo, "second");
        var portId = (await _cloud.Demo.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/network/v2.0/ports",
            new JsonObject { ["port"] = new JsonObject { ["network_id"] = _cloud.NetworkId, ["name"] = "movable" } }))["port"]!["id"]!.ToString();

        await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Interfaces(first), Attach(new JsonObject { ["port_id"] = portId }));
        var bound = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/network/v2.0/ports/" + portId))["port"]!;
        var (inUse, inUseBody) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(second), Attach(new JsonObject { ["port_id"] = portId }));
        var (again, _) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(first), Attach(new JsonObject { ["port_id"] = portId }));
        await _cloud.Demo.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Delete, Interfaces(first) + "/" + portId);
        var unbound = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/network/v2.0/ports/" + portId))["port"]!;
        var moved = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Interfaces(second), Attach(new JsonObject { ["port_id"] = portId })))["interfaceAttachment"]!;

        Assert.Equal(first, bound["device_id"]!.ToString());
        Assert.Equal("compute:nova", bound["device_owner"]!.ToString());
        Assert.Equal("ACTIVE", bound["status"]!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, inUse);
        Assert.Equal($"Port {portId} is still in use.", inUseBody!["conflictingRequest"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal(string.Empty, unbound["device_id"]!.ToString());
        Assert.Equal(string.Empty, unbound["device_owner"]!.ToString());
        Assert.Equal("DOWN", unbound["status"]!.ToString());
        Assert.Equal(portId, moved["port_id"]!.ToString());
        Assert.DoesNotContain((await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Interfaces(first)))["interfaceAttachments"]!.AsArray(), i => i!["port_id"]!.ToString() == portId);
    }

    [Fact]
    public async Task A_fixed_ip_is_honoured_and_one_in_use_is_a_conflict()
    {
        var server = await ActiveServerAsync(_cloud.Demo, "fixed");
        var first = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Interfaces(server)))["interfaceAttachments"]![0]!;
        var subnet = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/network/v2.0/subnets/" + first["fixed_ips"]![0]!["subnet_id"]))["subnet"]!;
        var taken0 = first["fixed_ips"]![0]!["ip_address"]!.ToString();
        var wanted = taken0[..(taken0.LastIndexOf('.') + 1)] + (int.Parse(taken0[(taken0.LastIndexOf('.') + 1)..], System.Globalization.CultureInfo.InvariantCulture) + 20).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = Attach(new JsonObject { ["net_id"] = _cloud.NetworkId, ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = wanted }) });

        var attached = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Interfaces(server), request))["interfaceAttachment"]!;
        var (taken, takenBody) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(server), request);

        Assert.Equal(wanted, attached["fixed_ips"]![0]!["ip_address"]!.ToString());
        Assert.Equal(subnet["id"]!.ToString(), attached["fixed_ips"]![0]!["subnet_id"]!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, taken);
        Assert.Contains(wanted, takenBody!["conflictingRequest"]!["message"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_requests_get_novas_answers()
    {
        var server = await ActiveServerAsync(_cloud.Demo, "refuser");
        var unknown = Guid.NewGuid().ToString();

        var (noPort, noPortBody) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(server), Attach(new JsonObject { ["port_id"] = unknown }));
        var (noNet, _) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(server), Attach(new JsonObject { ["net_id"] = unknown }));
        var (both, bothBody) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(server), Attach(new JsonObject { ["net_id"] = _cloud.NetworkId, ["port_id"] = unknown }));
        var (ipOnly, ipOnlyBody) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(server), Attach(new JsonObject { ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = "10.0.0.9" }) }));
        var (badUuid, _) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(server), Attach(new JsonObject { ["net_id"] = "not-a-uuid" }));
        var (extra, _) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(server), Attach(new JsonObject { ["net_id"] = _cloud.NetworkId, ["color"] = "red" }));
        var (tagTooEarly, _) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(server), Attach(new JsonObject { ["net_id"] = _cloud.NetworkId, ["tag"] = "nic" }), "2.48");
        var (notAttached, notAttachedBody) = await _cloud.Demo.CallAsync(HttpMethod.Delete, Interfaces(server) + "/" + unknown);
        var (showUnknown, _) = await _cloud.Demo.CallAsync(HttpMethod.Get, Interfaces(server) + "/" + unknown);
        var (noServer, _) = await _cloud.Demo.CallAsync(HttpMethod.Get, Interfaces(unknown));

        Assert.Equal(HttpStatusCode.NotFound, noPort);
        Assert.Equal($"Port id {unknown} could not be found.", noPortBody!["itemNotFound"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, noNet);
        Assert.Equal(HttpStatusCode.BadRequest, both);
        Assert.Equal("Must not input both network_id and port_id", bothBody!["badRequest"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, ipOnly);
        Assert.Equal("Must input network_id when request IP address", ipOnlyBody!["badRequest"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, badUuid);
        Assert.Equal(HttpStatusCode.BadRequest, extra);
        Assert.Equal(HttpStatusCode.BadRequest, tagTooEarly);
        Assert.Equal(HttpStatusCode.NotFound, notAttached);
        Assert.Equal($"Port {unknown} is not attached", notAttachedBody!["itemNotFound"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, showUnknown);
        Assert.Equal(HttpStatusCode.NotFound, noServer);
    }

    [Fact]
    public async Task A_port_of_another_server_is_not_shown_through_this_one()
    {
        var first = await ActiveServerAsync(_cloud.Demo, "one");
        var second = await ActiveServerAsync(_cloud.Demo, "two");
        var port = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Interfaces(first)))["interfaceAttachments"]![0]!["port_id"]!.ToString();

        var (shown, body) = await _cloud.Demo.CallAsync(HttpMethod.Get, Interfaces(second) + "/" + port);
        var (detached, _) = await _cloud.Demo.CallAsync(HttpMethod.Delete, Interfaces(second) + "/" + port);

        Assert.Equal(HttpStatusCode.NotFound, shown);
        Assert.Equal($"Instance {second} does not have a port with id {port}", body!["itemNotFound"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, detached);
        Assert.Single((await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Interfaces(first)))["interfaceAttachments"]!.AsArray());
    }

    [Fact]
    public async Task Locked_and_suspended_servers_refuse_with_409_while_stopped_ones_accept()
    {
        var server = await ActiveServerAsync(_cloud.Demo, "stateful");
        var attach = Attach(new JsonObject { ["net_id"] = _cloud.NetworkId });

        (await _cloud.ActionAsync(_cloud.Demo, server, new JsonObject { ["lock"] = null })).Dispose();
        var (locked, lockedBody) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(server), attach);
        (await _cloud.ActionAsync(_cloud.Demo, server, new JsonObject { ["unlock"] = null })).Dispose();
        (await _cloud.ActionAsync(_cloud.Demo, server, new JsonObject { ["suspend"] = null })).Dispose();
        await _cloud.WaitForStatusAsync(_cloud.Demo, server, "SUSPENDED");
        var (suspended, suspendedBody) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(server), attach);
        (await _cloud.ActionAsync(_cloud.Demo, server, new JsonObject { ["resume"] = null })).Dispose();
        await _cloud.WaitForStatusAsync(_cloud.Demo, server, "ACTIVE");
        (await _cloud.ActionAsync(_cloud.Demo, server, new JsonObject { ["os-stop"] = null })).Dispose();
        await _cloud.WaitForStatusAsync(_cloud.Demo, server, "SHUTOFF");
        var (stopped, _) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(server), attach);

        Assert.Equal(HttpStatusCode.Conflict, locked);
        Assert.Equal($"Instance {server} is locked", lockedBody!["conflictingRequest"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, suspended);
        Assert.Equal($"Cannot 'attach_interface' instance {server} while it is in vm_state suspended", suspendedBody!["conflictingRequest"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.OK, stopped);
    }

    [Fact]
    public async Task A_tag_given_at_2_49_is_shown_from_2_70()
    {
        var server = await ActiveServerAsync(_cloud.Demo, "tagged");
        var attachment = Attach(new JsonObject { ["net_id"] = _cloud.NetworkId, ["tag"] = "data-nic" });

        var attached = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Interfaces(server), attachment, "2.70"))["interfaceAttachment"]!;
        var portId = attached["port_id"]!.ToString();
        var listed = await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Interfaces(server), version: "2.70");
        var old = await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Interfaces(server) + "/" + portId, version: "2.69");
        var (badTag, _) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(server), Attach(new JsonObject { ["net_id"] = _cloud.NetworkId, ["tag"] = "a/b" }), "2.49");

        Assert.Equal("data-nic", attached["tag"]!.ToString());
        Assert.Contains(listed["interfaceAttachments"]!.AsArray(), i => i!["port_id"]!.ToString() == portId && i["tag"]!.ToString() == "data-nic");
        Assert.Contains(listed["interfaceAttachments"]!.AsArray(), i => i!["port_id"]!.ToString() != portId && i.AsObject().ContainsKey("tag") && i["tag"] is null);
        Assert.False(old["interfaceAttachment"]!.AsObject().ContainsKey("tag"));
        Assert.Equal(HttpStatusCode.BadRequest, badTag);
    }

    [Fact]
    public async Task Another_project_cannot_see_or_use_a_servers_interfaces_or_ports()
    {
        var adminNet = (await _cloud.Admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/network/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "admin-net" } }))["network"]!["id"]!.ToString();
        await _cloud.Admin.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/network/v2.0/subnets", new JsonObject
        {
            ["subnet"] = new JsonObject { ["network_id"] = adminNet, ["cidr"] = "192.168.77.0/24", ["ip_version"] = 4 },
        });
        var body = _cloud.ServerBody("admin-box");
        body["networks"] = new JsonArray(new JsonObject { ["uuid"] = adminNet });
        using var created = await _cloud.PostServerAsync(_cloud.Admin, body);
        var adminServer = (await Nuvola.Testing.TestCloud.JsonAsync(created))["server"]!["id"]!.ToString();
        await _cloud.WaitForStatusAsync(_cloud.Admin, adminServer, "ACTIVE");
        var demoServer = await ActiveServerAsync(_cloud.Demo, "demo-box");
        var adminPort = (await _cloud.Admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Interfaces(adminServer)))["interfaceAttachments"]![0]!["port_id"]!.ToString();

        var (list, _) = await _cloud.Demo.CallAsync(HttpMethod.Get, Interfaces(adminServer));
        var (show, _) = await _cloud.Demo.CallAsync(HttpMethod.Get, Interfaces(adminServer) + "/" + adminPort);
        var (attach, _) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(adminServer), Attach(new JsonObject { ["net_id"] = _cloud.NetworkId }));
        var (detach, _) = await _cloud.Demo.CallAsync(HttpMethod.Delete, Interfaces(adminServer) + "/" + adminPort);
        var (steal, _) = await _cloud.Demo.CallAsync(HttpMethod.Post, Interfaces(demoServer), Attach(new JsonObject { ["port_id"] = adminPort }));
        var (peek, _) = await _cloud.Demo.CallAsync(HttpMethod.Get, Interfaces(demoServer) + "/" + adminPort);

        Assert.Equal(HttpStatusCode.NotFound, list);
        Assert.Equal(HttpStatusCode.NotFound, show);
        Assert.Equal(HttpStatusCode.NotFound, attach);
        Assert.Equal(HttpStatusCode.NotFound, detach);
        Assert.Equal(HttpStatusCode.NotFound, steal);
        Assert.Equal(HttpStatusCode.NotFound, peek);
        Assert.Single((await _cloud.Admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Interfaces(adminServer)))["interfaceAttachments"]!.AsArray());
    }

    [Fact]
    public async Task Server_password_is_empty_until_a_guest_posts_one_and_delete_clears_it()
    {
        var server = await ActiveServerAsync(_cloud.Demo, "pw");
        var adminServer = await ActiveServerAsync(_cloud.Admin, "admin-pw");
        var path = $"/compute/v2.1/servers/{server}/os-server-password";

        var empty = await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, path);
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Nuvola.Cloud.Compute.ServerPasswords.ServerPasswordStore>(_cloud.Cloud.Services).Set(server, "ZW5jcnlwdGVk");
        var posted = await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, path);
        var (cleared, _) = await _cloud.Demo.CallAsync(HttpMethod.Delete, path);
        var after = await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, path);
        var (foreign, _) = await _cloud.Demo.CallAsync(HttpMethod.Get, $"/compute/v2.1/servers/{adminServer}/os-server-password");

        Assert.Equal(string.Empty, empty["password"]!.ToString());
        Assert.Equal("ZW5jcnlwdGVk", posted["password"]!.ToString());
        Assert.Equal(HttpStatusCode.NoContent, cleared);
        Assert.Equal(string.Empty, after["password"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, foreign);
    }
}
