using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.BlockStorage;

/// <summary>A Cinder client for tests: one user's token, its project's /volume/v3/{project_id} prefix, and polling.</summary>
public sealed class VolumeApi : IDisposable
{
    private VolumeApi(HttpClient client, string projectId)
    {
        Client = client;
        ProjectId = projectId;
    }

    public HttpClient Client { get; }

    public string ProjectId { get; }

    public string Prefix => "/volume/v3/" + ProjectId;

    public static async Task<VolumeApi> ForAsync(TestCloud cloud, string user)
    {
        var client = cloud.ClientWith(await cloud.TokenAsync(user));
        using var response = await client.GetAsync("/identity/v3/auth/projects");
        var projects = (await TestCloud.JsonAsync(response))["projects"]!.AsArray();
        var projectId = projects.First(p => p!["name"]!.ToString() == user)!["id"]!.ToString();
        return new VolumeApi(client, projectId);
    }

    public Task<HttpResponseMessage> PostAsync(string path, JsonObject body) => Client.PostAsJsonAsync(Prefix + path, body);

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(Prefix + path);

    public Task<HttpResponseMessage> DeleteAsync(string path) => Client.DeleteAsync(Prefix + path);

    public async Task<JsonObject> CreateVolumeAsync(JsonObject volume)
    {
        using var response = await PostAsync("/volumes", new JsonObject { ["volume"] = volume });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var created = (await TestCloud.JsonAsync(response))["volume"]!.AsObject();
        return await WaitForAsync("volumes", created["id"]!.ToString(), "volume", "available");
    }

    public async Task<JsonObject> CreateSnapshotAsync(string volumeId, string name)
    {
        using var response = await PostAsync("/snapshots", new JsonObject { ["snapshot"] = new JsonObject { ["volume_id"] = volumeId, ["name"] = name } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var created = (await TestCloud.JsonAsync(response))["snapshot"]!.AsObject();
        return await WaitForAsync("snapshots", created["id"]!.ToString(), "snapshot", "available");
    }

    /// <summary>Polls GET /{collection}/{id} until the status is reached, failing after a deadline.</summary>
    public async Task<JsonObject> WaitForAsync(string collection, string id, string key, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var response = await GetAsync($"/{collection}/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var item = (await TestCloud.JsonAsync(response))[key]!.AsObject();
            if (item["status"]!.ToString() == status)
            {
                return item;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{key} {id} did not become {status}: {item["status"]}");
            await Task.Delay(50);
        }
    }

    public void Dispose() => Client.Dispose();
}
