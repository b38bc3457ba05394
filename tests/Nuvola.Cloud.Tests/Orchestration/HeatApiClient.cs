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

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body = null) =>
        Client.SendAsync(new HttpRequestMessage(method, Prefix + path) { Content = body is null ? null : JsonContent.Create(body) });

    /// <summary>Creates a stack (201, Location name/id) and returns its id.</summary>
    public async Task<string> CreateStackAsync(string name, string template, JsonObject? extra = null)
    {
        var body = new JsonObject { ["stack_name"] = name, ["template"] = template, ["disable_rollback"] = true };
        foreach (var (key, value) in extra ?? [])
        {
            body[key] = value?.DeepClone();
        }

        using var response = await PostAsync("/stacks", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, text);
        var id = JsonNode.Parse(text)!["stack"]!["id"]!.ToString();
        Assert.EndsWith($"/stacks/{name}/{id}", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        return id;
    }

    /// <summary>Polls the stack until its status is <paramref name="status"/> (fails at once on a different final status, or after a deadline).</summary>
    public async Task<JsonObject> WaitForStackAsync(string name, string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await GetAsync($"/stacks/{name}/{id}");
            var stack = (await TestCloud.JsonAsync(response))["stack"]!.AsObject();
            var now = stack["stack_status"]!.ToString();
            if (now == status)
            {
                return stack;
            }

            Assert.False(now.EndsWith("_FAILED", StringComparison.Ordinal) || (now.EndsWith("_COMPLETE", StringComparison.Ordinal) && !status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) && now.Split('_')[0] == status.Split('_')[0]),
                $"stack {name} is {now} ({stack["stack_status_reason"]}), waiting for {status}");
            Assert.True(DateTime.UtcNow < deadline, $"stack {name} is still {now} after 30 s, waiting for {status}");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls until GET answers 404 (the stack is gone).</summary>
    public async Task WaitForGoneAsync(string name, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await GetAsync($"/stacks/{name}/{id}");
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"stack {name} still exists after 30 s");
            await Task.Delay(50);
        }
    }

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
