using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Tests.Compute.Servers;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.ServerGroups;

public sealed class ServerGroupTests : IAsyncLifetime
{
    private const string Groups = "/compute/v2.1/os-server-groups";
    private ServerCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await ServerCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    internal static JsonObject Before264(string name, string policy) =>
        new() { ["server_group"] = new JsonObject { ["name"] = name, ["policies"] = new JsonArray(policy) } };

    internal static JsonObject From264(string name, string policy, int? maxPerHost = null)
    {
        var group = new JsonObject { ["name"] = name, ["policy"] = policy };
        if (maxPerHost is { } max)
        {
            group["rules"] = new JsonObject { ["max_server_per_host"] = max };
        }

        return new JsonObject { ["server_group"] = group };
    }

    internal static async Task<string> CreateGroupAsync(HttpClient client, string name, string policy, int? maxPerHost = null) =>
        (await client.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Groups, From264(name, policy, maxPerHost), "2.64"))["server_group"]!["id"]!.ToString();

    /// <summary>Creates a server with the scheduler hint group; returns its id.</summary>
    internal static async Task<string> CreateMemberAsync(ServerCloud cloud, HttpClient client, string name, string groupId)
    {
        var body = new JsonObject { ["server"] = cloud.ServerBody(name), ["os:scheduler_hints"] = new JsonObject { ["group"] = groupId } };
        return (await client.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, "/compute/v2.1/servers", body))["server"]!["id"]!.ToString();
    }

    [Fact]
    public async Task The_view_follows_the_microversion()
    {
        var v21 = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Groups, Before264("g21", "anti-affinity")))["server_group"]!.AsObject();
        var v213 = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Groups, Before264("g213", "affinity"), "2.13"))["server_group"]!.AsObject();
        var v264 = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Groups, From264("g264", "anti-affinity", 3), "2.64"))["server_group"]!.AsObject();
        var shown = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Groups + "/" + v213["id"], version: "2.13"))["server_group"]!.AsObject();
        var listed = await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Groups, version: "2.64");

        Assert.Equal(["id", "name", "policies", "metadata", "members"], v21.Select(p => p.Key));
        Assert.Equal("[\"anti-affinity\"]", v21["policies"]!.ToJsonString());
        Assert.Equal("{}", v21["metadata"]!.ToJsonString());
        Assert.Equal(["id", "name", "policies", "metadata", "members", "project_id", "user_id"], v213.Select(p => p.Key));
        Assert.Equal(v213.ToJsonString(), shown.ToJsonString());
        Assert.Equal(["id", "name", "policy", "rules", "members", "project_id", "user_id"], v264.Select(p => p.Key));
        Assert.Equal("{\"max_server_per_host\":3}", v264["rules"]!.ToJsonString());
        Assert.Equal(3, listed["server_groups"]!.AsArray().Count);
        Assert.All(listed["server_groups"]!.AsArray(), g => Assert.True(g!.AsObject().ContainsKey("policy")));
    }

    [Theory]
    [InlineData("2.1", "{\"name\":\"x\",\"policies\":[\"soft-affinity\"]}")]
    [InlineData("2.14", "{\"name\":\"x\",\"policies\":[\"soft-anti-affinity\"]}")]
    [InlineData("2.15", "{\"name\":\"x\",\"policies\":[\"affinity\",\"anti-affinity\"]}")]
    [InlineData("2.15", "{\"name\":\"x\",\"policies\":[]}")]
    [InlineData("2.15", "{\"name\":\"x\",\"policies\":[\"clustered\"]}")]
    [InlineData("2.15", "{\"name\":\"x\"}")]
    [InlineData("2.15", "{\"name\":\"x\",\"policy\":\"affinity\"}")]
    [InlineData("2.64", "{\"name\":\"x\",\"policies\":[\"affinity\"]}")]
    [InlineData("2.64", "{\"name\":\"x\",\"policy\":\"affinity\",\"rules\":{\"max_server_per_host\":2}}")]
    [InlineData("2.64", "{\"name\":\"x\",\"policy\":\"anti-affinity\",\"rules\":{\"max_server_per_host\":0}}")]
    [InlineData("2.64", "{\"name\":\"x\",\"policy\":\"anti-affinity\",\"rules\":{\"other\":1}}")]
    [InlineData("2.64", "{\"name\":\"\",\"policy\":\"affinity\"}")]
    public async Task Invalid_groups_are_refused_with_400(string version, string group)
    {
        var body = new JsonObject { ["server_group"] = JsonNode.Parse(group) };

        var (status, answer) = await _cloud.Demo.CallAsync(HttpMethod.Post, Groups, body, version);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(answer!["badRequest"]);
        Assert.Empty((await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Groups))["server_groups"]!.AsArray());
    }

    [Fact]
    public async Task Soft_policies_come_with_2_15()
    {
        var soft = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Groups, Before264("soft", "soft-anti-affinity"), "2.15"))["server_group"]!;

        Assert.Equal("[\"soft-anti-affinity\"]", soft["policies"]!.ToJsonString());
    }

    [Fact]
    public async Task Each_project_sees_its_own_groups_and_admin_sees_all_with_all_projects()
    {
        var demoGroup = await CreateGroupAsync(_cloud.Demo, "demo-group", "affinity");
        var adminGroup = await CreateGroupAsync(_cloud.Admin, "admin-group", "anti-affinity");

        var demoList = await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Groups + "?all_projects=True");
        var adminOwn = await _cloud.Admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Groups);
        var adminAll = await _cloud.Admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Groups + "?all_projects=True");
        var paged = await _cloud.Admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Groups + "?all_projects=True&limit=1&offset=1");
        var (show, showBody) = await _cloud.Demo.CallAsync(HttpMethod.Get, Groups + "/" + adminGroup);
        var (delete, _) = await _cloud.Demo.CallAsync(HttpMethod.Delete, Groups + "/" + adminGroup);
        var hint = new JsonObject { ["server"] = _cloud.ServerBody("intruder"), ["os:scheduler_hints"] = new JsonObject { ["group"] = adminGroup } };
        var (use, useBody) = await _cloud.Demo.CallAsync(HttpMethod.Post, "/compute/v2.1/servers", hint);
        var (unknown, unknownBody) = await _cloud.Demo.CallAsync(HttpMethod.Get, Groups + "/" + Guid.Empty);

        Assert.Equal([demoGroup], demoList["server_groups"]!.AsArray().Select(g => g!["id"]!.ToString()));
        Assert.Equal([adminGroup], adminOwn["server_groups"]!.AsArray().Select(g => g!["id"]!.ToString()));
        Assert.Equal(2, adminAll["server_groups"]!.AsArray().Count);
        Assert.Single(paged["server_groups"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, show);
        Assert.Equal("Policy doesn't allow os_compute_api:os-server-groups:show to be performed.", showBody!["forbidden"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, delete);
        Assert.Equal(HttpStatusCode.BadRequest, use);
        Assert.Equal($"Instance group {adminGroup} could not be found.", useBody!["badRequest"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal($"Instance group {Guid.Empty} could not be found.", unknownBody!["itemNotFound"]!["message"]!.ToString());
        Assert.Empty((await _cloud.Admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Groups + "/" + adminGroup))["server_group"]!["members"]!.AsArray());
        await _cloud.Admin.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, Groups + "/" + adminGroup);
        Assert.Equal(HttpStatusCode.NotFound, (await _cloud.Admin.CallAsync(HttpMethod.Get, Groups + "/" + adminGroup)).Status);
    }

    [Fact]
    public async Task The_group_hint_makes_a_member_shown_from_2_71_and_deleting_the_server_removes_it()
    {
        var group = await CreateGroupAsync(_cloud.Demo, "web", "affinity");

        var first = await CreateMemberAsync(_cloud, _cloud.Demo, "web-1", group);
        var second = await CreateMemberAsync(_cloud, _cloud.Demo, "web-2", group);
        await _cloud.WaitForStatusAsync(_cloud.Demo, first, "ACTIVE");
        await _cloud.WaitForStatusAsync(_cloud.Demo, second, "ACTIVE");
        var members = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Groups + "/" + group))["server_group"]!["members"]!.AsArray();
        var at271 = await _cloud.ShowAsync(_cloud.Demo, first, "2.71");
        var at270 = await _cloud.ShowAsync(_cloud.Demo, first, "2.70");
        var renamed = await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/compute/v2.1/servers/" + first, new JsonObject { ["server"] = new JsonObject { ["name"] = "web-1b" } }, "2.71");
        await _cloud.Demo.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, "/compute/v2.1/servers/" + second);
        var after = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Groups + "/" + group))["server_group"]!["members"]!.AsArray();

        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), members.Select(m => m!.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal($"[\"{group}\"]", at271["server_groups"]!.ToJsonString());
        Assert.False(at270.ContainsKey("server_groups"));
        Assert.Equal($"[\"{group}\"]", renamed["server"]!["server_groups"]!.ToJsonString());
        Assert.Equal([first], after.Select(m => m!.ToString()));
    }

    [Fact]
    public async Task A_second_anti_affinity_member_on_this_one_host_cloud_fails_with_no_valid_host()
    {
        var group = await CreateGroupAsync(_cloud.Demo, "spread", "anti-affinity");

        var first = await CreateMemberAsync(_cloud, _cloud.Demo, "spread-1", group);
        var second = await CreateMemberAsync(_cloud, _cloud.Demo, "spread-2", group);
        await _cloud.WaitForStatusAsync(_cloud.Demo, first, "ACTIVE");
        var failed = await _cloud.WaitForStatusAsync(_cloud.Demo, second, "ERROR");
        var adminView = await _cloud.ShowAsync(_cloud.Admin, second);
        var members = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Groups + "/" + group))["server_group"]!["members"]!.AsArray();

        Assert.Equal(500, (int)failed["fault"]!["code"]!);
        Assert.Equal("No valid host was found. There are not enough hosts available.", failed["fault"]!["message"]!.ToString());
        Assert.Null(adminView["OS-EXT-SRV-ATTR:host"]);
        Assert.Equal(string.Empty, failed["hostId"]!.ToString());
        Assert.Equal(2, members.Count);
    }

    [Fact]
    public async Task Max_server_per_host_lets_that_many_members_share_the_host_and_soft_policies_never_refuse()
    {
        var group = await CreateGroupAsync(_cloud.Demo, "pairs", "anti-affinity", maxPerHost: 2);
        var soft = await CreateGroupAsync(_cloud.Demo, "soft", "soft-anti-affinity");

        var servers = new List<string>();
        foreach (var name in new[] { "p1", "p2", "p3" })
        {
            servers.Add(await CreateMemberAsync(_cloud, _cloud.Demo, name, group));
        }

        var softOnes = new[] { await CreateMemberAsync(_cloud, _cloud.Demo, "s1", soft), await CreateMemberAsync(_cloud, _cloud.Demo, "s2", soft) };

        await _cloud.WaitForStatusAsync(_cloud.Demo, servers[0], "ACTIVE");
        await _cloud.WaitForStatusAsync(_cloud.Demo, servers[1], "ACTIVE");
        await _cloud.WaitForStatusAsync(_cloud.Demo, servers[2], "ERROR");
        await _cloud.WaitForStatusAsync(_cloud.Demo, softOnes[0], "ACTIVE");
        await _cloud.WaitForStatusAsync(_cloud.Demo, softOnes[1], "ACTIVE");
        await _cloud.Demo.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, "/compute/v2.1/servers/" + servers[0]);
        var replacement = await CreateMemberAsync(_cloud, _cloud.Demo, "p4", group);
        await _cloud.WaitForStatusAsync(_cloud.Demo, replacement, "ACTIVE");
    }

    [Fact]
    public async Task A_multi_create_that_does_not_fit_puts_every_server_in_error()
    {
        var group = await CreateGroupAsync(_cloud.Demo, "batch", "anti-affinity");
        var server = _cloud.ServerBody("batch");
        server["min_count"] = 2;
        server["return_reservation_id"] = true;
        var body = new JsonObject { ["server"] = server, ["os:scheduler_hints"] = new JsonObject { ["group"] = group } };

        await _cloud.Demo.ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, "/compute/v2.1/servers", body);
        var members = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Groups + "/" + group))["server_group"]!["members"]!.AsArray();

        Assert.Equal(2, members.Count);
        foreach (var member in members)
        {
            await _cloud.WaitForStatusAsync(_cloud.Demo, member!.ToString(), "ERROR");
        }
    }

    [Fact]
    public async Task Quotas_limit_groups_and_members_and_show_in_limits_and_quota_sets()
    {
        var projectId = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, Groups, Before264("first", "affinity"), "2.13"))["server_group"]!["project_id"]!.ToString();
        var quota = new JsonObject { ["quota_set"] = new JsonObject { ["server_groups"] = 1, ["server_group_members"] = 1 } };
        await _cloud.Admin.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, "/compute/v2.1/os-quota-sets/" + projectId, quota);

        var (second, secondBody) = await _cloud.Demo.CallAsync(HttpMethod.Post, Groups, Before264("second", "affinity"));
        var group = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, Groups))["server_groups"]![0]!["id"]!.ToString();
        await CreateMemberAsync(_cloud, _cloud.Demo, "m1", group);
        var extra = new JsonObject { ["server"] = _cloud.ServerBody("m2"), ["os:scheduler_hints"] = new JsonObject { ["group"] = group } };
        var (member, memberBody) = await _cloud.Demo.CallAsync(HttpMethod.Post, "/compute/v2.1/servers", extra);
        var limits = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/compute/v2.1/limits"))["limits"]!["absolute"]!;
        var detail = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/compute/v2.1/os-quota-sets/{projectId}/detail"))["quota_set"]!;
        var servers = (await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/compute/v2.1/servers"))["servers"]!.AsArray();

        Assert.Equal(HttpStatusCode.Forbidden, second);
        Assert.Equal("Quota exceeded, too many server groups.", secondBody!["forbidden"]!["message"]!.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, member);
        Assert.Equal("Quota exceeded, too many servers in group", memberBody!["forbidden"]!["message"]!.ToString());
        Assert.Single(servers);
        Assert.Equal(1, (int)limits["maxServerGroups"]!);
        Assert.Equal(1, (int)limits["maxServerGroupMembers"]!);
        Assert.Equal(1, (int)limits["totalServerGroupsUsed"]!);
        Assert.Equal(1, (int)detail["server_groups"]!["in_use"]!);
        Assert.Equal(1, (int)detail["server_group_members"]!["limit"]!);
    }

    [Fact]
    public async Task Bad_group_hints_are_400()
    {
        var notUuid = new JsonObject { ["server"] = _cloud.ServerBody("x"), ["os:scheduler_hints"] = new JsonObject { ["group"] = "nope" } };
        var unknown = new JsonObject { ["server"] = _cloud.ServerBody("y"), ["OS-SCH-HNT:scheduler_hints"] = new JsonObject { ["group"] = Guid.NewGuid().ToString() } };

        var (first, _) = await _cloud.Demo.CallAsync(HttpMethod.Post, "/compute/v2.1/servers", notUuid);
        var (second, _) = await _cloud.Demo.CallAsync(HttpMethod.Post, "/compute/v2.1/servers", unknown);

        Assert.Equal(HttpStatusCode.BadRequest, first);
        Assert.Equal(HttpStatusCode.BadRequest, second);
        Assert.Empty((await _cloud.Demo.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/compute/v2.1/servers"))["servers"]!.AsArray());
    }
}
