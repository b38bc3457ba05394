using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Tests.Compute;

/// <summary>One call to the cloud with an optional compute microversion: (status, JSON body or null).</summary>
internal static class ComputeHttp
{
    public static async Task<(HttpStatusCode Status, JsonObject? Body)> CallAsync(
        this HttpClient client, HttpMethod method, string path, JsonObject? body = null, string? version = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (version is not null)
        {
            request.Headers.Add("OpenStack-API-Version", "compute " + version);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null);
    }

    /// <summary>The call's body after asserting its status (the body is in the failure message).</summary>
    public static async Task<JsonObject> ExpectAsync(
        this HttpClient client, HttpStatusCode expected, HttpMethod method, string path, JsonObject? body = null, string? version = null)
    {
        var (status, answer) = await client.CallAsync(method, path, body, version);
        Assert.True(status == expected, $"{method} {path}: expected {(int)expected}, got {(int)status} {answer?.ToJsonString()}");
        return answer ?? [];
    }
}
