using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nuvola.Cloud.Compute.Flavors;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Versions;

public sealed class ComputeVersionTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync()
    {
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task The_unversioned_url_lists_v2_0_first_then_v2_1_with_its_microversion_range()
    {
        using var response = await _cloud.Http.GetAsync("/compute/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var versions = (await TestCloud.JsonAsync(response))["versions"]!.AsArray();
        Assert.Equal("v2.0", versions[0]!["id"]!.ToString());
        Assert.Equal("v2.1", versions[1]!["id"]!.ToString());
        Assert.Equal("2.1", versions[1]!["min_version"]!.ToString());
        Assert.Equal("CURRENT", versions[1]!["status"]!.ToString());
    }

    [Fact]
    public async Task Every_listed_self_link_leads_to_a_document_with_the_same_self_link()
    {
        using var list = await _cloud.Http.GetAsync("/compute");
        var versions = (await TestCloud.JsonAsync(list))["versions"]!.AsArray();

        foreach (var version in versions)
        {
            var href = version!["links"]!.AsArray().Single(l => l!["rel"]!.ToString() == "self")!["href"]!.ToString();
            using var response = await _cloud.Http.GetAsync(href);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var document = (await TestCloud.JsonAsync(response))["version"]!;
            var self = document["links"]!.AsArray().Single(l => l!["rel"]!.ToString() == "self")!["href"]!.ToString();
            Assert.Equal(href, self);
            Assert.NotEmpty(document["media-types"]!.AsArray());
        }
    }

    [Fact]
    public void The_first_start_creates_the_profile_flavors_1_to_5()
    {
        var flavors = _cloud.Services.GetRequiredService<FlavorStore>();

        Assert.Equal(["1", "2", "3", "4", "5"], flavors.All.Select(f => f.Id).Order(StringComparer.Ordinal));
        Assert.Equal("m1.tiny", flavors.Find("1")!.Name);
        Assert.True(flavors.Find("1")!.IsPublic);
    }
}
