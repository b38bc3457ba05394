using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Hosting;

/// <summary>
/// Bad input of every kind, to every service, gets that service's own 4xx error body — never a 5xx, and nothing
/// unhandled in the server's log.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private static readonly string Oversized = "{\"x\": \"" + new string('a', 300_000) + "\"}";

    private TestCloud _cloud = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        _client = _cloud.ClientWith(await _cloud.TokenAsync("admin"));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    public static TheoryData<string, string, string, int, string> Cases => new()
    {
        // service path, method, body, expected status, the error format's top-level key
        { "/identity/v3/projects", "POST", "{\"project\": {\"name\": ", 400, "error" },
        { "/identity/v3/auth/tokens", "POST", "[1, 2]", 400, "error" },
        { "/identity/v3/auth/tokens", "POST", "{\"auth\": {\"identity\": {\"methods\": \"password\"}}}", 400, "error" },
        { "/identity/v3/users/no-such-user", "GET", string.Empty, 404, "error" },
        { "/identity/v3/auth/tokens", "POST", Oversized, 413, "error" },
        { "/compute/v2.1/servers", "POST", "{\"server\": ", 400, "badRequest" },
        { "/compute/v2.1/servers", "POST", "{\"server\": {\"name\": 5, \"flavorRef\": []}}", 400, "badRequest" },
        { "/compute/v2.1/servers/6a4b1d1e-0000-4000-8000-000000000000", "GET", string.Empty, 404, "itemNotFound" },
        { "/compute/v2.1/flavors/no-such-flavor", "GET", string.Empty, 404, "itemNotFound" },
        { "/compute/v2.1/os-keypairs", "POST", "{\"keypair\": {\"name\": 12}}", 400, "badRequest" },
        { "/compute/v2.1/servers", "POST", Oversized, 413, "overLimit" },
        { "/network/v2.0/networks", "POST", "{\"network\": {", 400, "NeutronError" },
        { "/network/v2.0/networks", "POST", "{\"network\": {\"admin_state_up\": \"maybe\"}}", 400, "NeutronError" },
        { "/network/v2.0/ports/6a4b1d1e-0000-4000-8000-000000000000", "GET", string.Empty, 404, "NeutronError" },
        { "/network/v2.0/subnets", "POST", "{\"subnet\": \"not-an-object\"}", 400, "NeutronError" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_requests_get_the_services_own_4xx(string path, string method, string body, int status, string errorKey)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body.Length > 0)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(json.ContainsKey(errorKey), $"expected a '{errorKey}' error body, got {json.ToJsonString()}");
    }

    [Theory]
    [InlineData("/image/v2/images", "POST", "{\"name\": ", 400)]
    [InlineData("/image/v2/images", "POST", "{\"name\": 5}", 400)]
    [InlineData("/image/v2/images/6a4b1d1e-0000-4000-8000-000000000000", "GET", "", 404)]
    public async Task Image_errors_are_glances_own_pages(string path, string method, string body, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body.Length > 0)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains($"{status} ", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("2.999", 406)]
    [InlineData("1.1", 406)]
    [InlineData("two.one", 400)]
    public async Task Unsupported_compute_microversions_are_refused(string version, int status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/compute/v2.1/flavors");
        request.Headers.Add("OpenStack-API-Version", "compute " + version);

        using var response = await _client.SendAsync(request);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
    }
}
