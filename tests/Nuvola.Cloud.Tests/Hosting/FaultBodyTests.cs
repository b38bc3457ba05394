using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Tests.Hosting;

/// <summary>A fault (500) is written in each service's JSON — Glance's too, which answers its 4xx as a page.</summary>
public sealed class FaultBodyTests
{
    [Theory]
    [InlineData("/identity/v3/auth/tokens", "error")]
    [InlineData("/compute/v2.1/servers", "computeFault")]
    [InlineData("/network/v2.0/networks", "NeutronError")]
    [InlineData("/volume/v3/p/volumes", "computeFault")]
    [InlineData("/heat-api/v1/p/stacks", "explanation")]
    [InlineData("/image/v2/images", "title")]
    public async Task A_500_is_the_services_json(string path, string key)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();

        await ApiErrors.WriteAsync(context, 500, "The server has either erred or is incapable of performing the requested operation.");

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal("application/json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        var body = JsonNode.Parse(context.Response.Body)!.AsObject();
        Assert.True(body.ContainsKey(key), body.ToJsonString());
        Assert.DoesNotContain("<html", body.ToJsonString(), StringComparison.Ordinal);
    }
}
