using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Identity;

/// <summary>Small helpers for the Identity tests: JSON requests and Keystone error assertions.</summary>
internal static class IdentityHttp
{
    public static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static async Task<JsonObject> PostAsync(HttpClient client, string path, JsonObject body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await client.PostAsync(path, Json(body));
        Assert.True(expected == response.StatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await TestCloud.JsonAsync(response);
    }

    public static async Task<JsonObject> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await TestCloud.JsonAsync(response);
    }

    /// <summary>Asserts Keystone's error body: {"error": {"code", "title", "message"}} with the given status.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var error = (await TestCloud.JsonAsync(response))["error"]!;
        Assert.Equal((int)status, (int)error["code"]!);
        return error["message"]!.ToString();
    }

    public static async Task<HttpStatusCode> StatusAsync(HttpClient client, HttpMethod method, string path, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    public static JsonObject PasswordAuth(string userName, string password, string? projectId = null)
    {
        var auth = new JsonObject
        {
            ["identity"] = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = userName, ["domain"] = new JsonObject { ["id"] = "default" }, ["password"] = password } },
            },
        };
        if (projectId is not null)
        {
            auth["scope"] = new JsonObject { ["project"] = new JsonObject { ["id"] = projectId } };
        }

        return new JsonObject { ["auth"] = auth };
    }

    /// <summary>Issues a token; returns the status and, on 201, the token value.</summary>
    public static async Task<(HttpStatusCode Status, string? Token, JsonObject? Body)> IssueAsync(TestCloud cloud, JsonObject body)
    {
        using var response = await cloud.Http.PostAsync("/identity/v3/auth/tokens", Json(body));
        if (response.StatusCode != HttpStatusCode.Created)
        {
            return (response.StatusCode, null, null);
        }

        return (response.StatusCode, response.Headers.GetValues("X-Subject-Token").Single(), await TestCloud.JsonAsync(response));
    }
}
