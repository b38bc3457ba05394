using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

/// <summary>A test's view of /network/v2.0 for one user: send JSON, get (status, body).</summary>
public sealed class NeutronClient(HttpClient http) : IDisposable
{
    public static async Task<NeutronClient> ForAsync(TestCloud cloud, string user) => new(cloud.ClientWith(await cloud.TokenAsync(user)));

    public async Task<(HttpStatusCode Status, JsonObject? Body)> SendAsync(HttpMethod method, string path, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, "/network/v2.0/" + path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null);
    }

    public Task<(HttpStatusCode Status, JsonObject? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(HttpStatusCode Status, JsonObject? Body)> PostAsync(string path, JsonObject body) => SendAsync(HttpMethod.Post, path, body);

    public Task<(HttpStatusCode Status, JsonObject? Body)> PutAsync(string path, JsonObject? body = null) => SendAsync(HttpMethod.Put, path, body);

    public Task<(HttpStatusCode Status, JsonObject? Body)> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>Creates a resource, asserting 201, and returns it.</summary>
    public async Task<JsonObject> CreateAsync(string plural, string singular, JsonObject attributes)
    {
        var (status, body) = await PostAsync(plural, new JsonObject { [singular] = attributes });
        Assert.True(status == HttpStatusCode.Created, $"{plural}: {(int)status} {body?.ToJsonString()}");
        return body![singular]!.AsObject();
    }

    public async Task<(JsonObject Network, JsonObject Subnet)> NetworkWithSubnetAsync(string name, string cidr)
    {
        var network = await CreateAsync("networks", "network", new JsonObject { ["name"] = name });
        var subnet = await CreateAsync("subnets", "subnet", new JsonObject
        {
            ["network_id"] = network["id"]!.ToString(),
            ["cidr"] = cidr,
            ["ip_version"] = 4,
            ["name"] = name + "-subnet",
        });
        return (network, subnet);
    }

    public void Dispose() => http.Dispose();
}
