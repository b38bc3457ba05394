using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Orchestration;

/// <summary>A Heat client for tests: one user's token and its project's /heat-api/v1/{project_id} prefix.</summary>
public sealed class HeatApiClient : IDisposable
{
    private HeatApiClient(HttpClient client, string projectId)
    {
        Client = client;
        ProjectId = projectId;
    }

    public HttpClient Client { get; }

    public string ProjectId { get; }

    public string Prefix => "/heat-api/v1/" + ProjectId;

    public static async Task<HeatApiClient> ForAsync(TestCloud cloud, string user = "demo")
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(cloud.BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Auth-Token", await cloud.TokenAsync(user));
        using var response = await client.GetAsync("/identity/v3/auth/projects");
        var projects = (await TestCloud.JsonAsync(response))["projects"]!.AsArray();
        var projectId = projects.First(p => p!["name"]!.ToString() == user)!["id"]!.ToString();
        return new HeatApiClient(client, projectId);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(Prefix + path);

    public Task<HttpResponseMessage> PostAsync(string path, JsonObject body) => Client.PostAsJsonAsync(Prefix + path, body);

    public Task<HttpResponseMessage> DeleteAsync(string path) => Client.DeleteAsync(Prefix + path);

    /// <summary>Heat's error body: explanation, code, error {message, traceback, type}, title.</summary>
    public static async Task<JsonObject> ErrorAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var body = await TestCloud.JsonAsync(response);
        Assert.Equal(status, (int)body["code"]!);
        Assert.NotNull(body["explanation"]);
        Assert.NotNull(body["title"]);
        Assert.NotNull(body["error"]!["message"]);
        Assert.NotNull(body["error"]!["type"]);
        return body;
    }

    public void Dispose() => Client.Dispose();
}
