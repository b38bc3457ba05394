using System.Net;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Hosting;

/// <summary>Every service answers with x-openstack-request-id, errors included; Compute keeps one id in both headers.</summary>
public sealed class RequestIdTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync()
    {
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    [Theory]
    [InlineData("/network/v2.0/networks", HttpStatusCode.OK)]
    [InlineData("/network/v2.0/networks/nope", HttpStatusCode.NotFound)]
    [InlineData("/identity/v3/projects", HttpStatusCode.OK)]
    [InlineData("/image/v2/images/nope", HttpStatusCode.NotFound)]
    public async Task Answers_carry_a_request_id(string path, HttpStatusCode status)
    {
        using var client = _cloud.ClientWith(await _cloud.TokenAsync("admin"));
        using var response = await client.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith("req-", Assert.Single(response.Headers.GetValues("x-openstack-request-id")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compute_keeps_its_own_request_id()
    {
        using var client = _cloud.ClientWith(await _cloud.TokenAsync("admin"));
        using var response = await client.GetAsync("/compute/v2.1/flavors");
        var id = Assert.Single(response.Headers.GetValues("x-openstack-request-id"));
        Assert.Equal(id, Assert.Single(response.Headers.GetValues("x-compute-request-id")));
    }
}
