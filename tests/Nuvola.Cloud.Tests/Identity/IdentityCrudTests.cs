using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;
using static Nuvola.Cloud.Tests.Identity.IdentityHttp;

namespace Nuvola.Cloud.Tests.Identity;

public sealed class IdentityCrudTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        _admin = _cloud.ClientWith(await _cloud.TokenAsync("admin"));
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task A_project_can_be_created_found_by_filters_updated_and_deleted()
    {
        var created = (await PostAsync(_admin, "/identity/v3/projects", new JsonObject
        {
            ["project"] = new JsonObject { ["name"] = "p1", ["description"] = "first", ["tags"] = new JsonArray("blue", "big") },
        }))["project"]!;
        var id = created["id"]!.ToString();
        Assert.Equal("default", created["domain_id"]!.ToString());

        var byTag = await GetAsync(_admin, "/identity/v3/projects?tags=blue,big&domain_id=default");
        Assert.Equal([id], byTag["projects"]!.AsArray().Select(p => p!["id"]!.ToString()));
        var byName = await GetAsync(_admin, "/identity/v3/projects?name=p1&enabled=true");
        Assert.Single(byName["projects"]!.AsArray());

        using var patched = await _admin.PatchAsync($"/identity/v3/projects/{id}", Json(new JsonObject { ["project"] = new JsonObject { ["enabled"] = false } }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Empty((await GetAsync(_admin, "/identity/v3/projects?name=p1&enabled=true"))["projects"]!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(_admin, HttpMethod.Delete, $"/identity/v3/projects/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(_admin, HttpMethod.Get, $"/identity/v3/projects/{id}"));
    }

    [Fact]
    public async Task A_second_project_with_the_same_name_in_the_domain_is_a_conflict()
    {
        var body = new JsonObject { ["project"] = new JsonObject { ["name"] = "twin" } };
        await PostAsync(_admin, "/identity/v3/projects", body);

        using var response = await _admin.PostAsync("/identity/v3/projects", Json(body));

        await AssertErrorAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_domain_is_deleted_only_once_disabled()
    {
        var id = (await PostAsync(_admin, "/identity/v3/domains", new JsonObject { ["domain"] = new JsonObject { ["name"] = "d1" } }))["domain"]!["id"]!.ToString();

        using var refused = await _admin.DeleteAsync($"/identity/v3/domains/{id}");
        await AssertErrorAsync(refused, HttpStatusCode.Forbidden);

        using var disabled = await _admin.PatchAsync($"/identity/v3/domains/{id}", Json(new JsonObject { ["domain"] = new JsonObject { ["enabled"] = false } }));
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(_admin, HttpMethod.Delete, $"/identity/v3/domains/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(_admin, HttpMethod.Get, $"/identity/v3/domains/{id}"));
    }

    [Fact]
    public async Task A_new_user_given_a_role_can_log_in_to_the_project_and_appears_in_role_assignments()
    {
        var project = (await PostAsync(_admin, "/identity/v3/projects", new JsonObject { ["project"] = new JsonObject { ["name"] = "team" } }))["project"]!["id"]!.ToString();
        var user = (await PostAsync(_admin, "/identity/v3/users", new JsonObject
        {
            ["user"] = new JsonObject { ["name"] = "alice", ["password"] = "alice-pw", ["default_project_id"] = project },
        }))["user"]!;
        Assert.Null(user["password"]);
        var userId = user["id"]!.ToString();
        var member = (await GetAsync(_admin, "/identity/v3/roles?name=member"))["roles"]!.AsArray().Single()!["id"]!.ToString();
        Assert.Equal(HttpStatusCode.Unauthorized, (await IssueAsync(_cloud, PasswordAuth("alice", "alice-pw", project))).Status);

        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(_admin, HttpMethod.Put, $"/identity/v3/projects/{project}/users/{userId}/roles/{member}"));

        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(_admin, HttpMethod.Head, $"/identity/v3/projects/{project}/users/{userId}/roles/{member}"));
        var (status, _, token) = await IssueAsync(_cloud, PasswordAuth("alice", "alice-pw", project));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Contains("reader", token!["token"]!["roles"]!.AsArray().Select(r => r!["name"]!.ToString()));
        var assignments = await GetAsync(_admin, $"/identity/v3/role_assignments?user.id={userId}&scope.project.id={project}&include_names=true");
        var only = assignments["role_assignments"]!.AsArray().Single()!;
        Assert.Equal("member", only["role"]!["name"]!.ToString());
        Assert.Equal("alice", only["user"]!["name"]!.ToString());
        Assert.Equal("team", only["scope"]!["project"]!["name"]!.ToString());
        var effective = await GetAsync(_admin, $"/identity/v3/role_assignments?user.id={userId}&effective");
        Assert.Equal(2, effective["role_assignments"]!.AsArray().Count);
    }

    [Fact]
    public async Task Removing_the_role_ends_the_users_project_token_and_deleting_the_user_removes_it()
    {
        var project = (await PostAsync(_admin, "/identity/v3/projects", new JsonObject { ["project"] = new JsonObject { ["name"] = "short" } }))["project"]!["id"]!.ToString();
        var userId = (await PostAsync(_admin, "/identity/v3/users", new JsonObject { ["user"] = new JsonObject { ["name"] = "bob", ["password"] = "bob-pw" } }))["user"]!["id"]!.ToString();
        var role = (await PostAsync(_admin, "/identity/v3/roles", new JsonObject { ["role"] = new JsonObject { ["name"] = "custom" } }))["role"]!["id"]!.ToString();
        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(_admin, HttpMethod.Put, $"/identity/v3/projects/{project}/users/{userId}/roles/{role}"));
        var (_, token, _) = await IssueAsync(_cloud, PasswordAuth("bob", "bob-pw", project));
        using var bob = _cloud.ClientWith(token!);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(bob, HttpMethod.Get, $"/identity/v3/users/{userId}"));

        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(_admin, HttpMethod.Delete, $"/identity/v3/projects/{project}/users/{userId}/roles/{role}"));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(bob, HttpMethod.Get, $"/identity/v3/users/{userId}"));
        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(_admin, HttpMethod.Delete, $"/identity/v3/users/{userId}"));
        Assert.Empty((await GetAsync(_admin, "/identity/v3/users?name=bob"))["users"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(_admin, HttpMethod.Delete, $"/identity/v3/roles/{role}"));
    }

    [Fact]
    public async Task Disabling_a_project_ends_its_already_validated_tokens()
    {
        var demoProject = (await GetAsync(_admin, "/identity/v3/projects?name=demo"))["projects"]!.AsArray().Single()!["id"]!.ToString();
        using var demo = _cloud.ClientWith(await _cloud.TokenAsync("demo"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(demo, HttpMethod.Get, "/identity/v3/auth/catalog"));

        using var patched = await _admin.PatchAsync($"/identity/v3/projects/{demoProject}", Json(new JsonObject { ["project"] = new JsonObject { ["enabled"] = false } }));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(demo, HttpMethod.Get, "/identity/v3/auth/catalog"));
    }

    [Fact]
    public async Task Services_endpoints_and_regions_describe_the_catalog()
    {
        var services = await GetAsync(_admin, "/identity/v3/services");
        Assert.Contains("compute", services["services"]!.AsArray().Select(s => s!["type"]!.ToString()));
        var endpoints = await GetAsync(_admin, "/identity/v3/endpoints?interface=public");
        Assert.Equal(services["services"]!.AsArray().Count, endpoints["endpoints"]!.AsArray().Count);
        Assert.Contains(endpoints["endpoints"]!.AsArray(), e => e!["url"]!.ToString() == _cloud.BaseUrl + "/compute/v2.1");
        var regions = await GetAsync(_admin, "/identity/v3/regions");
        Assert.Equal("RegionOne", regions["regions"]!.AsArray().Single()!["id"]!.ToString());
    }
}
