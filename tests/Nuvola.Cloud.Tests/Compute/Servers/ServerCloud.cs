using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Image;
using Nuvola.Cloud.Network;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Servers;

/// <summary>
/// A test cloud for server tests: tokens and clients for admin and demo, the image and network to boot with
/// (the profile's cirros image and demo's private network), and helpers to create and wait for servers.
/// </summary>
public sealed class ServerCloud : IAsyncDisposable
{
    private ServerCloud(TestCloud cloud, HttpClient admin, HttpClient demo, string imageId, string networkId)
    {
        Cloud = cloud;
        Admin = admin;
        Demo = demo;
        ImageId = imageId;
        NetworkId = networkId;
    }

    public TestCloud Cloud { get; }

    public HttpClient Admin { get; }

    public HttpClient Demo { get; }

    public string ImageId { get; }

    public string NetworkId { get; }

    public static async Task<ServerCloud> StartAsync(string? dataDirectory = null, Func<CloudOptions, CloudOptions>? tune = null)
    {
        var cloud = await TestCloud.StartAsync(dataDirectory, tune: tune);
        var admin = cloud.ClientWith(await cloud.TokenAsync("admin"));
        var demo = cloud.ClientWith(await cloud.TokenAsync("demo"));
        var imageId = cloud.Services.GetRequiredService<ImageStore>().Images.Values.First(i => i.Name?.Contains("cirros", StringComparison.Ordinal) == true).Id;
        var networkId = cloud.Services.GetRequiredService<NetworkStore>().Networks.Values.First(n => n.Name == "private").Id;
        return new ServerCloud(cloud, admin, demo, imageId, networkId);
    }

    /// <summary>POST /servers; returns the response (caller disposes).</summary>
    public Task<HttpResponseMessage> PostServerAsync(HttpClient client, JsonObject server, string? version = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/compute/v2.1/servers")
        {
            Content = new StringContent(new JsonObject { ["server"] = server }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (version is not null)
        {
            request.Headers.Add("OpenStack-API-Version", "compute " + version);
        }

        return client.SendAsync(request);
    }

    public JsonObject ServerBody(string name) => new()
    {
        ["name"] = name,
        ["imageRef"] = ImageId,
        ["flavorRef"] = "1",
        ["networks"] = new JsonArray(new JsonObject { ["uuid"] = NetworkId }),
    };

    /// <summary>Creates a server and returns its id (202 asserted).</summary>
    public async Task<string> CreateAsync(HttpClient client, string name)
    {
        using var response = await PostServerAsync(client, ServerBody(name));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await TestCloud.JsonAsync(response))["server"]!["id"]!.ToString();
    }

    public async Task<JsonObject> ShowAsync(HttpClient client, string id, string? version = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/compute/v2.1/servers/" + id);
        if (version is not null)
        {
            request.Headers.Add("OpenStack-API-Version", "compute " + version);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await TestCloud.JsonAsync(response))["server"]!.AsObject();
    }

    /// <summary>Polls the server until it has <paramref name="status"/> and no task (deadline 10 s).</summary>
    public async Task<JsonObject> WaitForStatusAsync(HttpClient client, string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var server = await ShowAsync(client, id);
            if (server["status"]!.ToString() == status && server["OS-EXT-STS:task_state"] is null)
            {
                return server;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"server {id} is {server["status"]} (task {server["OS-EXT-STS:task_state"]}), not {status}, after 10 s");
            }

            await Task.Delay(20);
        }
    }

    public async Task<HttpResponseMessage> ActionAsync(HttpClient client, string id, JsonObject action, string? version = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/compute/v2.1/servers/{id}/action")
        {
            Content = new StringContent(action.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (version is not null)
        {
            request.Headers.Add("OpenStack-API-Version", "compute " + version);
        }

        return await client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Demo.Dispose();
        Assert.Empty(Cloud.Log.Faults());
        await Cloud.DisposeAsync();
    }
}
