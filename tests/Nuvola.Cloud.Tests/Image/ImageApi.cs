using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Image;

/// <summary>Small helpers for talking to the Image API in tests.</summary>
internal static class ImageApi
{
    public const string PatchType = "application/openstack-images-v2.1-json-patch";

    public static async Task<JsonObject> CreateAsync(HttpClient client, JsonObject body)
    {
        using var response = await client.PostAsync("/image/v2/images", Json(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await TestCloud.JsonAsync(response);
    }

    public static async Task<string> CreateWithDataAsync(HttpClient client, string name, byte[] data, string visibility = "private", params string[] tags)
    {
        var image = await CreateAsync(client, new JsonObject
        {
            ["name"] = name,
            ["disk_format"] = "raw",
            ["container_format"] = "bare",
            ["visibility"] = visibility,
            ["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray()),
        });
        var id = image["id"]!.ToString();
        using var upload = await UploadAsync(client, id, data);
        Assert.Equal(HttpStatusCode.NoContent, upload.StatusCode);
        return id;
    }

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string id, byte[] data)
    {
        var content = new ByteArrayContent(data);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return client.PutAsync($"/image/v2/images/{id}/file", content);
    }

    public static Task<HttpResponseMessage> PatchAsync(HttpClient client, string id, JsonArray operations, string contentType = PatchType)
    {
        var content = new StringContent(operations.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return client.PatchAsync($"/image/v2/images/{id}", content);
    }

    public static async Task<JsonObject> ShowAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/image/v2/images/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TestCloud.JsonAsync(response);
    }

    public static async Task<List<JsonObject>> ListAsync(HttpClient client, string query = "")
    {
        using var response = await client.GetAsync("/image/v2/images" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await TestCloud.JsonAsync(response))["images"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>Glance's webob-style HTML error: the status line in the title and the message in the body.</summary>
    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<title>{(int)status} ", body);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(message), body);
    }
}
