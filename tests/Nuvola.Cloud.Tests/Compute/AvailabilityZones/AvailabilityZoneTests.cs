using System.Net;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.AvailabilityZones;

public sealed class AvailabilityZoneTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;
    private HttpClient _admin = null!;
    private HttpClient _demo = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        _admin = _cloud.ClientWith(await _cloud.TokenAsync("admin"));
        _demo = _cloud.ClientWith(await _cloud.TokenAsync("demo"));
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_cloud.Log.Faults());
        _admin.Dispose();
        _demo.Dispose();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task The_availability_zone_nova_is_listed_and_detail_is_for_admin()
    {
        using var list = await _demo.GetAsync("/compute/v2.1/os-availability-zone");
        var zone = (await TestCloud.JsonAsync(list))["availabilityZoneInfo"]![0]!;
        Assert.Equal("nova", zone["zoneName"]!.ToString());
        Assert.True(zone["zoneState"]!["available"]!.GetValue<bool>());

        using var refused = await _demo.GetAsync("/compute/v2.1/os-availability-zone/detail");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var detail = await _admin.GetAsync("/compute/v2.1/os-availability-zone/detail");
        Assert.Equal(2, (await TestCloud.JsonAsync(detail))["availabilityZoneInfo"]!.AsArray().Count);
    }
}
