using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;
using static Nuvola.Cloud.Tests.Identity.IdentityHttp;

namespace Nuvola.Cloud.Tests.Identity;

public sealed class PasswordChangeTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync()
    {
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    private static JsonObject Change(string original, string password) =>
        new() { ["user"] = new JsonObject { ["original_password"] = original, ["password"] = password } };

    [Fact]
    public async Task Changing_ones_own_password_revokes_the_old_tokens_and_the_old_password()
    {
        var (_, token, body) = await IssueAsync(_cloud, PasswordAuth("demo", TestCloud.DemoPassword));
        var userId = body!["token"]!["user"]!["id"]!.ToString();
        using var demo = _cloud.ClientWith(token!);

        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(demo, HttpMethod.Post, $"/identity/v3/users/{userId}/password", Change(TestCloud.DemoPassword, "brand-new")));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(demo, HttpMethod.Get, $"/identity/v3/users/{userId}"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await IssueAsync(_cloud, PasswordAuth("demo", TestCloud.DemoPassword))).Status);
        Assert.Equal(HttpStatusCode.Created, (await IssueAsync(_cloud, PasswordAuth("demo", "brand-new"))).Status);
    }

    [Fact]
    public async Task A_wrong_original_password_is_refused_with_401()
    {
        var (_, token, body) = await IssueAsync(_cloud, PasswordAuth("demo", TestCloud.DemoPassword));
        using var demo = _cloud.ClientWith(token!);

        using var response = await demo.PostAsync($"/identity/v3/users/{body!["token"]!["user"]!["id"]}/password", Json(Change("wrong", "brand-new")));

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_current_and_the_previous_password_cannot_be_reused()
    {
        var (_, token, body) = await IssueAsync(_cloud, PasswordAuth("demo", TestCloud.DemoPassword));
        var path = $"/identity/v3/users/{body!["token"]!["user"]!["id"]}/password";
        using (var demo = _cloud.ClientWith(token!))
        {
            Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(demo, HttpMethod.Post, path, Change(TestCloud.DemoPassword, "second")));
        }

        var (_, fresh, _) = await IssueAsync(_cloud, PasswordAuth("demo", "second"));
        using var client = _cloud.ClientWith(fresh!);

        using var same = await client.PostAsync(path, Json(Change("second", "second")));
        using var previous = await client.PostAsync(path, Json(Change("second", TestCloud.DemoPassword)));

        Assert.Contains("cannot be identical to a previous password", await AssertErrorAsync(same, HttpStatusCode.BadRequest));
        await AssertErrorAsync(previous, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(client, HttpMethod.Post, path, Change("second", "third")));
    }

    [Fact]
    public async Task A_user_cannot_change_another_users_password()
    {
        var (_, token, _) = await IssueAsync(_cloud, PasswordAuth("demo", TestCloud.DemoPassword));
        using var demo = _cloud.ClientWith(token!);
        var (_, _, admin) = await IssueAsync(_cloud, PasswordAuth("admin", TestCloud.AdminPassword));

        using var response = await demo.PostAsync($"/identity/v3/users/{admin!["token"]!["user"]!["id"]}/password", Json(Change(TestCloud.AdminPassword, "taken")));

        await AssertErrorAsync(response, HttpStatusCode.Forbidden);
    }
}
