using System.Net;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Servers;

public sealed class MicroversionTests : IAsyncLifetime
{
    private ServerCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await ServerCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Theory]
    [InlineData(null, null, "2.1")]
    [InlineData("OpenStack-API-Version", "compute 2.47", "2.47")]
    [InlineData("X-OpenStack-Nova-API-Version", "2.19", "2.19")]
    [InlineData("OpenStack-API-Version", "compute latest", "2.79")]
    public async Task The_negotiated_version_is_echoed_in_both_headers_with_vary(string? header, string? value, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/compute/v2.1/servers");
        if (header is not null)
        {
            request.Headers.Add(header, value);
        }

        using var response = await _cloud.Demo.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("compute " + expected, response.Headers.GetValues("OpenStack-API-Version").Single());
        Assert.Equal(expected, response.Headers.GetValues("X-OpenStack-Nova-API-Version").Single());
        Assert.Contains("OpenStack-API-Version", response.Headers.Vary);
        Assert.StartsWith("req-", response.Headers.GetValues("x-compute-request-id").Single());
    }

    [Fact]
    public async Task A_version_above_the_maximum_gets_406_in_novas_format()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/compute/v2.1/servers");
        request.Headers.Add("OpenStack-API-Version", "compute 2.200");

        using var response = await _cloud.Demo.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        var fault = (await TestCloud.JsonAsync(response))["computeFault"]!;
        Assert.Equal(406, (int)fault["code"]!);
        Assert.Equal("Version 2.200 is not supported by the API. Minimum is 2.1 and maximum is 2.79.", fault["message"]!.ToString());
    }

    [Fact]
    public async Task A_malformed_version_gets_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/compute/v2.1/servers");
        request.Headers.Add("X-OpenStack-Nova-API-Version", "two");

        using var response = await _cloud.Demo.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is of invalid format", (await TestCloud.JsonAsync(response))["badRequest"]!["message"]!.ToString());
    }

    [Fact]
    public async Task Show_follows_the_microversion_adding_locked_description_tags_and_embedded_flavor()
    {
        var id = await _cloud.CreateAsync(_cloud.Demo, "versioned");

        var old = await _cloud.ShowAsync(_cloud.Demo, id, "2.1");
        var current = await _cloud.ShowAsync(_cloud.Demo, id, "2.79");

        Assert.False(old.ContainsKey("locked"));
        Assert.Equal("1", old["flavor"]!["id"]!.ToString());
        Assert.False(current["locked"]!.GetValue<bool>());
        Assert.True(current.ContainsKey("description"));
        Assert.Empty(current["tags"]!.AsArray());
        Assert.Equal("m1.tiny", current["flavor"]!["original_name"]!.ToString());
        Assert.False(current.ContainsKey("OS-EXT-SRV-ATTR:host"));
    }
}
