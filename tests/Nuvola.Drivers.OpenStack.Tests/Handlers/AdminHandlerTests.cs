using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Nuvola.Drivers.OpenStack.Tests.Handlers;

/// <summary>Second-block types, as admin: server groups, flavors, web images, Keystone projects, users, roles, grants.</summary>
public sealed class AdminHandlerTests : DriverTestBase
{
    private OpenStackDriver _admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = DriverFor("admin");
    }

    public override async Task DisposeAsync()
    {
        _admin.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Server_group_and_a_server_scheduled_into_it()
    {
        var group = await Driver.CreateAsync(Spec("group", "OS::Nova::ServerGroup", new { name = "g1", policies = new[] { "affinity" } }));
        Assert.Equal("affinity", Str(Attrs(group)["policy"]));
        var server = await Driver.CreateAsync(Spec("vm", "OS::Nova::Server", new JsonObject
        {
            ["image"] = "cirros-0.6.2-x86_64-disk",
            ["flavor"] = "m1.tiny",
            ["networks"] = new JsonArray(new JsonObject { ["network"] = "private" }),
            ["scheduler_hints"] = new JsonObject { ["group"] = group.PhysicalId },
        }));
        var read = Attrs((await Driver.ReadAsync("OS::Nova::ServerGroup", group.PhysicalId))!);
        Assert.Contains(server.PhysicalId, Strings(read["members"]));
        await Driver.DeleteAsync("OS::Nova::Server", server.PhysicalId);
        await Driver.DeleteAsync("OS::Nova::ServerGroup", group.PhysicalId);
        Assert.Null(await Driver.ReadAsync("OS::Nova::ServerGroup", group.PhysicalId));
        await Driver.DeleteAsync("OS::Nova::ServerGroup", group.PhysicalId);
    }

    [Fact]
    public async Task Flavor_with_extra_specs_and_tenant_access_updates_in_place()
    {
        var demoProject = await Driver.Session.GetProjectIdAsync();
        var (created, _) = await LifecycleWithAsync(_admin,
            Spec("flavor", "OS::Nova::Flavor", new JsonObject
            {
                ["name"] = "f.custom",
                ["ram"] = 256,
                ["vcpus"] = 1,
                ["disk"] = 1,
                ["is_public"] = false,
                ["extra_specs"] = new JsonObject { ["hw:cpu_policy"] = "shared" },
                ["tenants"] = new JsonArray(demoProject),
            }),
            Spec("flavor", "OS::Nova::Flavor", new JsonObject
            {
                ["name"] = "f.custom",
                ["ram"] = 256,
                ["vcpus"] = 1,
                ["disk"] = 1,
                ["is_public"] = false,
                ["description"] = "small",
                ["extra_specs"] = new JsonObject { ["quota:cpu_shares"] = "10" },
                ["tenants"] = new JsonArray(),
            }),
            a =>
            {
                Assert.Equal("f.custom", Str(a["name"]));
                Assert.False(a["is_public"]!.GetValue<bool>());
            },
            a =>
            {
                Assert.Equal("10", Str(a["extra_specs"]!["quota:cpu_shares"]));
                Assert.Null(a["extra_specs"]!["hw:cpu_policy"]);
                Assert.Equal("small", Str(a["description"]));
            });
        Assert.NotNull(created);
    }

    [Fact]
    public async Task Web_image_is_fetched_from_its_location_becomes_active_and_is_found_by_tag()
    {
        var data = new byte[4096];
        Random.Shared.NextBytes(data);
        using var server = new LocalFileServer(data);
        var image = await Driver.CreateAsync(Spec("img", "OS::Glance::WebImage", new
        {
            name = "web",
            location = server.Url,
            container_format = "bare",
            disk_format = "raw",
            tags = new[] { "x" },
        }));
        var attrs = Attrs(image);
        Assert.Equal("active", Str(attrs["status"]));
        Assert.Equal(4096, attrs["size"]!.GetValue<long>());
        Assert.Equal(["x"], Strings(attrs["tags"]).ToArray());
        Assert.Contains(await Driver.FindTaggedAsync(Stack), f => f.Type == "OS::Glance::WebImage" && f.PhysicalId == image.PhysicalId);
        Assert.Null(await Driver.CheckConstraintAsync("glance.image", "web"));

        var updated = await Driver.UpdateAsync(Spec("img", "OS::Glance::WebImage", new
        {
            name = "web",
            location = server.Url,
            container_format = "bare",
            disk_format = "raw",
            tags = new[] { "y" },
            extra_properties = new { os_type = "linux" },
        }), image);
        Assert.Equal(["y"], Strings(Attrs(updated)["tags"]).ToArray());
        Assert.Equal("linux", Str(Attrs(updated)["os_type"]));
        await Driver.DeleteAsync("OS::Glance::WebImage", image.PhysicalId);
        Assert.Null(await Driver.ReadAsync("OS::Glance::WebImage", image.PhysicalId));
        await Driver.DeleteAsync("OS::Glance::WebImage", image.PhysicalId);
    }

    [Fact]
    public async Task Keystone_project_user_role_and_assignment()
    {
        var (project, _) = await LifecycleWithAsync(_admin,
            Spec("proj", "OS::Keystone::Project", new { name = "p1", description = "one" }),
            Spec("proj", "OS::Keystone::Project", new { name = "p2", description = "two", enabled = false }),
            a => Assert.Equal("one", Str(a["description"])),
            a =>
            {
                Assert.Equal("p2", Str(a["name"]));
                Assert.False(a["enabled"]!.GetValue<bool>());
            });
        Assert.NotNull(project);

        var kept = await _admin.CreateAsync(Spec("kept", "OS::Keystone::Project", new { name = "kept" }));
        Assert.Contains(await _admin.FindTaggedAsync(Stack), f => f.Type == "OS::Keystone::Project" && f.PhysicalId == kept.PhysicalId);
        var role = await _admin.CreateAsync(Spec("role", "OS::Keystone::Role", new { name = "auditor" }));
        var user = await _admin.CreateAsync(Spec("user", "OS::Keystone::User", new JsonObject
        {
            ["name"] = "carol",
            ["password"] = "pw-carol-1",
            ["default_project"] = "kept",
            ["roles"] = new JsonArray(new JsonObject { ["role"] = "member", ["project"] = "kept" }),
        }));
        Assert.Equal(kept.PhysicalId, Str(Attrs(user)["default_project_id"]));
        Assert.DoesNotContain("pw-carol-1", Attrs(user).ToJsonString(), StringComparison.Ordinal);

        var assignment = await _admin.CreateAsync(Spec("grant", "OS::Keystone::UserRoleAssignment", new JsonObject
        {
            ["user"] = "carol",
            ["roles"] = new JsonArray(new JsonObject { ["role"] = "auditor", ["project"] = kept.PhysicalId }),
        }));
        Assert.StartsWith(user.PhysicalId + "|" + role.PhysicalId + "@project:", assignment.PhysicalId, StringComparison.Ordinal);
        Assert.NotNull(await _admin.ReadAsync("OS::Keystone::UserRoleAssignment", assignment.PhysicalId));
        using var carol = OpenStackDriver.FromConfig(new OpenStack.Config.CloudConfig
        {
            AuthUrl = Cloud.BaseUrl + "/identity",
            Username = "carol",
            Password = "pw-carol-1",
            ProjectName = "kept",
        }, options: FastPolling);
        Assert.Equal(kept.PhysicalId, await carol.Session.GetProjectIdAsync());

        await _admin.DeleteAsync("OS::Keystone::UserRoleAssignment", assignment.PhysicalId);
        Assert.Null(await _admin.ReadAsync("OS::Keystone::UserRoleAssignment", assignment.PhysicalId));
        await _admin.DeleteAsync("OS::Keystone::UserRoleAssignment", assignment.PhysicalId);
        await _admin.DeleteAsync("OS::Keystone::User", user.PhysicalId);
        await _admin.DeleteAsync("OS::Keystone::Role", role.PhysicalId);
        await _admin.DeleteAsync("OS::Keystone::Project", kept.PhysicalId);
        Assert.Null(await _admin.ReadAsync("OS::Keystone::User", user.PhysicalId));
    }

    private async Task<(Engine.Applying.ResourceSnapshot, Engine.Applying.ResourceSnapshot)> LifecycleWithAsync(OpenStackDriver driver,
        Engine.Applying.ResourceSpec create, Engine.Applying.ResourceSpec update, Action<JsonObject> checkCreated, Action<JsonObject> checkUpdated)
    {
        var created = await driver.CreateAsync(create);
        checkCreated(Attrs(created));
        checkCreated(Attrs((await driver.ReadAsync(create.Type, created.PhysicalId))!));
        var updated = await driver.UpdateAsync(update, created);
        checkUpdated(Attrs(updated));
        checkUpdated(Attrs((await driver.ReadAsync(update.Type, updated.PhysicalId))!));
        await driver.DeleteAsync(create.Type, updated.PhysicalId);
        Assert.Null(await driver.ReadAsync(create.Type, updated.PhysicalId));
        await driver.DeleteAsync(create.Type, updated.PhysicalId);
        return (created, updated);
    }

    /// <summary>Serves one file on 127.0.0.1 (an image location).</summary>
    private sealed class LocalFileServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public LocalFileServer(byte[] data)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/image.raw";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }

                    context.Response.ContentLength64 = data.Length;
                    await context.Response.OutputStream.WriteAsync(data);
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
