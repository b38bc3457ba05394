using System.Net;
using System.Text;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Identity;

public sealed class TokenTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync()
    {
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task Password_auth_scoped_to_a_project_returns_a_token_with_roles_and_catalog()
    {
        var token = await _cloud.TokenAsync("demo");
        using var client = _cloud.ClientWith(token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/identity/v3/auth/tokens");
        request.Headers.Add("X-Subject-Token", token);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await TestCloud.JsonAsync(response);
        Assert.Equal("demo", body["token"]!["project"]!["name"]!.ToString());
        var roles = body["token"]!["roles"]!.AsArray().Select(r => r!["name"]!.ToString()).ToList();
        Assert.Contains("member", roles);
        Assert.DoesNotContain("admin", roles);
        var types = body["token"]!["catalog"]!.AsArray().Select(s => s!["type"]!.ToString()).ToList();
        Assert.Contains("compute", types);
        Assert.Contains("image", types);
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_401()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _cloud.TokenAsync("demo", "nope"));
        Assert.Contains("401", error.Message);
    }

    [Fact]
    public async Task Revoked_token_no_longer_authenticates()
    {
        var token = await _cloud.TokenAsync("demo");
        using var client = _cloud.ClientWith(token);
        using var revoke = new HttpRequestMessage(HttpMethod.Delete, "/identity/v3/auth/tokens");
        revoke.Headers.Add("X-Subject-Token", token);
        using var revoked = await client.SendAsync(revoke);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        using var after = await client.GetAsync("/identity/v3/auth/catalog");

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Json_missing_its_last_brace_gets_400_that_says_where_it_ends()
    {
        const string body = "{ \"auth\": {\n  \"identity\": {\n    \"methods\": [\"password\"]\n  }\n}";

        using var response = await _cloud.Http.PostAsync("/identity/v3/auth/tokens", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await TestCloud.JsonAsync(response))["error"]!;
        Assert.Equal(400, (int)error["code"]!);
        Assert.Equal("Bad Request", error["title"]!.ToString());
        Assert.Contains("Expecting to find valid JSON", error["message"]!.ToString());
        Assert.Contains("line 5", error["message"]!.ToString());
    }

    [Fact]
    public async Task Requests_without_a_token_get_keystones_401()
    {
        using var response = await _cloud.Http.GetAsync("/identity/v3/projects");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (int)(await TestCloud.JsonAsync(response))["error"]!["code"]!);
    }
}
