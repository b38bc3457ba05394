using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;
using static Nuvola.Cloud.Tests.Identity.IdentityHttp;

namespace Nuvola.Cloud.Tests.Identity;

public sealed class ApplicationCredentialTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;
    private HttpClient _demo = null!;
    private string _userId = null!;
    private string _projectId = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        var (_, token, body) = await IssueAsync(_cloud, PasswordAuth("demo", TestCloud.DemoPassword));
        _demo = _cloud.ClientWith(token!);
        _userId = body!["token"]!["user"]!["id"]!.ToString();
        _projectId = body["token"]!["project"]!["id"]!.ToString();
    }

    public async Task DisposeAsync()
    {
        _demo.Dispose();
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    private static JsonObject ByIdAuth(string id, string secret) => new()
    {
        ["auth"] = new JsonObject
        {
            ["identity"] = new JsonObject
            {
                ["methods"] = new JsonArray("application_credential"),
                ["application_credential"] = new JsonObject { ["id"] = id, ["secret"] = secret },
            },
        },
    };

    [Fact]
    public async Task The_secret_is_shown_once_and_authenticates_to_the_credentials_project()
    {
        var created = (await PostAsync(_demo, $"/identity/v3/users/{_userId}/application_credentials", new JsonObject
        {
            ["application_credential"] = new JsonObject { ["name"] = "ci", ["roles"] = new JsonArray(new JsonObject { ["name"] = "reader" }) },
        }))["application_credential"]!;
        var id = created["id"]!.ToString();
        var secret = created["secret"]!.ToString();

        var shown = await GetAsync(_demo, $"/identity/v3/users/{_userId}/application_credentials/{id}");
        var (status, _, token) = await IssueAsync(_cloud, ByIdAuth(id, secret));

        Assert.Null(shown["application_credential"]!["secret"]);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(_projectId, token!["token"]!["project"]!["id"]!.ToString());
        Assert.Equal(["reader"], token["token"]!["roles"]!.AsArray().Select(r => r!["name"]!.ToString()));
        Assert.Equal(["application_credential"], token["token"]!["methods"]!.AsArray().Select(m => m!.ToString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await IssueAsync(_cloud, ByIdAuth(id, secret + "x"))).Status);
    }

    [Fact]
    public async Task A_credential_authenticates_by_name_and_user_and_stops_when_deleted()
    {
        var created = (await PostAsync(_demo, $"/identity/v3/users/{_userId}/application_credentials", new JsonObject
        {
            ["application_credential"] = new JsonObject { ["name"] = "deploy", ["secret"] = "s3cret", ["expires_at"] = "2999-01-01T00:00:00.000000" },
        }))["application_credential"]!;
        Assert.Equal("2999-01-01T00:00:00.000000", created["expires_at"]!.ToString());
        var byName = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("application_credential"),
                    ["application_credential"] = new JsonObject { ["name"] = "deploy", ["secret"] = "s3cret", ["user"] = new JsonObject { ["id"] = _userId } },
                },
            },
        };
        var (status, token, _) = await IssueAsync(_cloud, byName);
        Assert.Equal(HttpStatusCode.Created, status);
        using var client = _cloud.ClientWith(token!);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, HttpMethod.Get, "/identity/v3/auth/catalog"));
        var listed = await GetAsync(_demo, $"/identity/v3/users/{_userId}/application_credentials?name=deploy");
        Assert.Single(listed["application_credentials"]!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(_demo, HttpMethod.Delete, $"/identity/v3/users/{_userId}/application_credentials/{created["id"]}"));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, HttpMethod.Get, "/identity/v3/auth/catalog"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await IssueAsync(_cloud, byName)).Status);
    }

    [Fact]
    public async Task A_restricted_credential_cannot_create_another_one()
    {
        var created = (await PostAsync(_demo, $"/identity/v3/users/{_userId}/application_credentials", new JsonObject
        {
            ["application_credential"] = new JsonObject { ["name"] = "narrow" },
        }))["application_credential"]!;
        var (_, token, _) = await IssueAsync(_cloud, ByIdAuth(created["id"]!.ToString(), created["secret"]!.ToString()));
        using var client = _cloud.ClientWith(token!);

        using var response = await client.PostAsync($"/identity/v3/users/{_userId}/application_credentials", Json(new JsonObject
        {
            ["application_credential"] = new JsonObject { ["name"] = "wider" },
        }));

        await AssertErrorAsync(response, HttpStatusCode.Forbidden);
    }
}
