using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Tests.BlockStorage;
using Nuvola.Cloud.Tests.Compute.Servers;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Volumes;

/// <summary>
/// A server cloud with Cinder clients for demo and admin, and the calls of os-volume_attachments:
/// attach, detach, list, show (with a microversion when given), and polling of a volume's status.
/// </summary>
public sealed class AttachmentCloud : IAsyncDisposable
{
    private AttachmentCloud(ServerCloud servers, VolumeApi demoVolumes, VolumeApi adminVolumes)
    {
        Servers = servers;
        DemoVolumes = demoVolumes;
        AdminVolumes = adminVolumes;
    }

    public ServerCloud Servers { get; }

    public VolumeApi DemoVolumes { get; }

    public VolumeApi AdminVolumes { get; }

    public TestCloud Cloud => Servers.Cloud;

    public static async Task<AttachmentCloud> StartAsync(string? dataDirectory = null)
    {
        var servers = await ServerCloud.StartAsync(dataDirectory);
        return new AttachmentCloud(servers, await VolumeApi.ForAsync(servers.Cloud, "demo"), await VolumeApi.ForAsync(servers.Cloud, "admin"));
    }

    public async Task<string> ActiveServerAsync(HttpClient client, string name)
    {
        var id = await Servers.CreateAsync(client, name);
        await Servers.WaitForStatusAsync(client, id, "ACTIVE");
        return id;
    }

    public async Task<string> VolumeAsync(VolumeApi api, string name, int size = 1) =>
        (await api.CreateVolumeAsync(new JsonObject { ["size"] = size, ["name"] = name }))["id"]!.ToString();

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, JsonObject? body = null, string? version = null)
    {
        var request = new HttpRequestMessage(method, "/compute/v2.1" + path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (version is not null)
        {
            request.Headers.Add("OpenStack-API-Version", "compute " + version);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> AttachAsync(HttpClient client, string serverId, JsonObject attachment, string? version = null) =>
        SendAsync(client, HttpMethod.Post, $"/servers/{serverId}/os-volume_attachments", new JsonObject { ["volumeAttachment"] = attachment }, version);

    /// <summary>Attaches and waits for the volume to be in-use; returns the attachment view.</summary>
    public async Task<JsonObject> AttachInUseAsync(HttpClient client, VolumeApi volumes, string serverId, string volumeId)
    {
        using var response = await AttachAsync(client, serverId, new JsonObject { ["volumeId"] = volumeId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var attachment = (await TestCloud.JsonAsync(response))["volumeAttachment"]!.AsObject();
        await volumes.WaitForAsync("volumes", volumeId, "volume", "in-use");
        return attachment;
    }

    public static Task<HttpResponseMessage> DetachAsync(HttpClient client, string serverId, string volumeId) =>
        SendAsync(client, HttpMethod.Delete, $"/servers/{serverId}/os-volume_attachments/{volumeId}");

    public static async Task<JsonArray> ListAsync(HttpClient client, string serverId, string? query = null, string? version = null)
    {
        using var response = await SendAsync(client, HttpMethod.Get, $"/servers/{serverId}/os-volume_attachments{query}", version: version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await TestCloud.JsonAsync(response))["volumeAttachments"]!.AsArray();
    }

    /// <summary>Polls the server's attachment list until <paramref name="done"/> holds (deadline 10 s).</summary>
    public static async Task<JsonArray> WaitForListAsync(HttpClient client, string serverId, Func<JsonArray, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var list = await ListAsync(client, serverId);
            if (done(list))
            {
                return list;
            }

            Assert.True(DateTime.UtcNow < deadline, $"attachments of {serverId} did not settle: {list.ToJsonString()}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        DemoVolumes.Dispose();
        AdminVolumes.Dispose();
        await Servers.DisposeAsync();
    }
}
