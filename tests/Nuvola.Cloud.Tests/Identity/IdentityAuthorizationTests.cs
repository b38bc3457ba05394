using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;
using static Nuvola.Cloud.Tests.Identity.IdentityHttp;

namespace Nuvola.Cloud.Tests.Identity;

public sealed class IdentityAuthorizationTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;
    private HttpClient _demo = null!;
    private string _demoUserId = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        var (_, token, body) = await IssueAsync(_cloud, PasswordAuth("demo", TestCloud.DemoPassword));
        _demo = _cloud.ClientWith(token!);
        _demoUserId = body!["token"]!["user"]!["id"]!.ToString();
    }

    public async Task DisposeAsync()
    {
        _demo.Dispose();
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task A_member_cannot_list_users_and_gets_keystones_403()
    {
        using var response = await _demo.GetAsync("/identity/v3/users");

        var message = await AssertErrorAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("You are not authorized to perform the requested action: identity:list_users.", message);
    }

    [Fact]
    public async Task A_member_cannot_create_a_project()
    {
        using var response = await _demo.PostAsync("/identity/v3/projects", Json(new JsonObject { ["project"] = new JsonObject { ["name"] = "mine" } }));

        await AssertErrorAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_member_cannot_see_the_admin_project_but_sees_its_own()
    {
        using var admin = _cloud.ClientWith(await _cloud.TokenAsync("admin"));
        var adminProject = (await GetAsync(admin, "/identity/v3/projects?name=admin"))["projects"]!.AsArray().Single()!["id"]!.ToString();
        var demoProject = (await GetAsync(admin, "/identity/v3/projects?name=demo"))["projects"]!.AsArray().Single()!["id"]!.ToString();

        using var response = await _demo.GetAsync($"/identity/v3/projects/{adminProject}");

        await AssertErrorAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("demo", (await GetAsync(_demo, $"/identity/v3/projects/{demoProject}"))["project"]!["name"]!.ToString());
    }

    [Fact]
    public async Task A_member_reads_itself_and_lists_its_own_projects_but_not_another_users()
    {
        using var admin = _cloud.ClientWith(await _cloud.TokenAsync("admin"));
        var adminUser = (await GetAsync(admin, "/identity/v3/users?name=admin"))["users"]!.AsArray().Single()!["id"]!.ToString();

        var self = await GetAsync(_demo, $"/identity/v3/users/{_demoUserId}");
        var projects = await GetAsync(_demo, $"/identity/v3/users/{_demoUserId}/projects");
        var groups = await GetAsync(_demo, $"/identity/v3/users/{_demoUserId}/groups");

        Assert.Equal("demo", self["user"]!["name"]!.ToString());
        Assert.Equal(["demo"], projects["projects"]!.AsArray().Select(p => p!["name"]!.ToString()));
        Assert.Empty(groups["groups"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(_demo, HttpMethod.Get, $"/identity/v3/users/{adminUser}"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(_demo, HttpMethod.Get, $"/identity/v3/users/{adminUser}/projects"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(_demo, HttpMethod.Get, "/identity/v3/role_assignments"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(_demo, HttpMethod.Get, "/identity/v3/roles"));
    }

    [Fact]
    public async Task A_member_reads_the_domain_of_its_project_only()
    {
        Assert.True((bool)(await GetAsync(_demo, "/identity/v3/domains/default"))["domain"]!["enabled"]!);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(_demo, HttpMethod.Get, "/identity/v3/domains"));
    }
}
