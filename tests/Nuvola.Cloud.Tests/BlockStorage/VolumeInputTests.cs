using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.BlockStorage;

public sealed class VolumeInputTests
{
    [Theory]
    [InlineData("{\"volume\": {\"size\": 0}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"volume\": {\"size\": -1}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"volume\": {\"size\": \"#$%\"}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"volume\": {\"name\": \"no size\"}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"volume\": {\"size\": 1, \"snapshot_id\": \"nope\"}}", HttpStatusCode.NotFound)]
    [InlineData("{\"volume\": {\"size\": 1, \"source_volid\": \"nope\"}}", HttpStatusCode.NotFound)]
    [InlineData("{\"volume\": {\"size\": 1, \"volume_type\": \"nope\"}}", HttpStatusCode.NotFound)]
    [InlineData("{\"volume\": {\"size\": 1, \"imageRef\": \"nope\"}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"volume\": {\"size\": 1, \"metadata\": [1]}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"volume\": 5}", HttpStatusCode.BadRequest)]
    [InlineData("{\"volume\": {\"size\": 1", HttpStatusCode.BadRequest)]
    [InlineData("{\"volume\": {\"size\": 2000}}", HttpStatusCode.RequestEntityTooLarge)]
    public async Task Bad_create_requests_get_cinders_4xx_and_never_a_5xx(string body, HttpStatusCode expected)
    {
        await using var cloud = await TestCloud.StartAsync();
        using var api = await VolumeApi.ForAsync(cloud, "demo");

        using var response = await api.Client.PostAsync(api.Prefix + "/volumes", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task The_volume_quota_is_enforced_with_413_and_limits_report_usage()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var api = await VolumeApi.ForAsync(cloud, "demo");
        using var admin = await VolumeApi.ForAsync(cloud, "admin");
        using var set = await admin.Client.PutAsync($"{admin.Prefix}/os-quota-sets/{api.ProjectId}", new StringContent("{\"quota_set\": {\"volumes\": 1}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        await api.CreateVolumeAsync(new JsonObject { ["size"] = 2 });

        using var refused = await api.PostAsync("/volumes", new JsonObject { ["volume"] = new JsonObject { ["size"] = 1 } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Contains("VolumeLimitExceeded", (await TestCloud.JsonAsync(refused))["overLimit"]!["message"]!.ToString());
        using var limits = await api.GetAsync("/limits");
        var absolute = (await TestCloud.JsonAsync(limits))["limits"]!["absolute"]!;
        Assert.Equal(1, absolute["maxTotalVolumes"]!.GetValue<int>());
        Assert.Equal(1, absolute["totalVolumesUsed"]!.GetValue<int>());
        Assert.Equal(2, absolute["totalGigabytesUsed"]!.GetValue<int>());
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task Versions_are_anonymous_and_an_unsupported_microversion_is_406()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var versions = await cloud.Http.GetAsync("/volume");
        Assert.Equal((HttpStatusCode)300, versions.StatusCode);
        Assert.Equal("CURRENT", (await TestCloud.JsonAsync(versions))["versions"]![0]!["status"]!.ToString());

        using var api = await VolumeApi.ForAsync(cloud, "demo");
        using var request = new HttpRequestMessage(HttpMethod.Get, api.Prefix + "/volumes");
        request.Headers.Add("OpenStack-API-Version", "volume 3.99");
        using var response = await api.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);

        var volume = await api.CreateVolumeAsync(new JsonObject { ["size"] = 1 });
        using var show = new HttpRequestMessage(HttpMethod.Get, $"{api.Prefix}/volumes/{volume["id"]}");
        show.Headers.Add("OpenStack-API-Version", "volume 3.48");
        using var shown = await api.Client.SendAsync(show);
        Assert.Equal("volume 3.48", shown.Headers.GetValues("OpenStack-API-Version").Single());
        Assert.False((await TestCloud.JsonAsync(shown))["volume"]!["shared_targets"]!.GetValue<bool>());
        Assert.False(volume.ContainsKey("shared_targets"));
        Assert.Empty(cloud.Log.Faults());
    }
}
