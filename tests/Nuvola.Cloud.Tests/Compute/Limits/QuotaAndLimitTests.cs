using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nuvola.Cloud.Compute.Limits;
using Nuvola.Cloud.Hosting;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Compute.Limits;

public sealed class QuotaAndLimitTests : IAsyncLifetime
{
    private readonly FixedUsage _usage = new();
    private TestCloud _cloud = null!;
    private HttpClient _admin = null!;
    private HttpClient _demo = null!;
    private string _demoProject = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync(configure: builder => builder.Services.AddSingleton<IComputeUsage>(_usage));
        _admin = _cloud.ClientWith(await _cloud.TokenAsync("admin"));
        _demo = _cloud.ClientWith(await _cloud.TokenAsync("demo"));
        using var projects = await _demo.GetAsync("/identity/v3/auth/projects");
        _demoProject = (await TestCloud.JsonAsync(projects))["projects"]!.AsArray().Single(p => p!["name"]!.ToString() == "demo")!["id"]!.ToString();
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_cloud.Log.Faults());
        _admin.Dispose();
        _demo.Dispose();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task Limits_show_nova_defaults_and_the_servers_usage()
    {
        _usage.Value = new ComputeUsage(2, 3, 1024, 1);

        using var response = await _demo.GetAsync("/compute/v2.1/limits");

        var absolute = (await TestCloud.JsonAsync(response))["limits"]!["absolute"]!;
        Assert.Equal(10, absolute["maxTotalInstances"]!.GetValue<int>());
        Assert.Equal(20, absolute["maxTotalCores"]!.GetValue<int>());
        Assert.Equal(51200, absolute["maxTotalRAMSize"]!.GetValue<int>());
        Assert.Equal(100, absolute["maxTotalKeypairs"]!.GetValue<int>());
        Assert.Equal(2, absolute["totalInstancesUsed"]!.GetValue<int>());
        Assert.Equal(3, absolute["totalCoresUsed"]!.GetValue<int>());
        Assert.Equal(1024, absolute["totalRAMUsed"]!.GetValue<int>());
        Assert.True(absolute.AsObject().ContainsKey("maxSecurityGroups"));
    }

    [Fact]
    public async Task A_member_reads_its_own_quota_set_and_defaults_but_not_another_projects()
    {
        using var own = await _demo.GetAsync($"/compute/v2.1/os-quota-sets/{_demoProject}?user_id=x");
        var quota = (await TestCloud.JsonAsync(own))["quota_set"]!;
        Assert.Equal(_demoProject, quota["id"]!.ToString());
        Assert.Equal(10, quota["instances"]!.GetValue<int>());
        Assert.Equal(5, quota["injected_files"]!.GetValue<int>());

        using var defaults = await _demo.GetAsync($"/compute/v2.1/os-quota-sets/{_demoProject}/defaults");
        Assert.Equal(128, (await TestCloud.JsonAsync(defaults))["quota_set"]!["metadata_items"]!.GetValue<int>());

        using var other = await _demo.GetAsync("/compute/v2.1/os-quota-sets/some-other-project");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using var update = await _demo.PutAsJsonAsync($"/compute/v2.1/os-quota-sets/{_demoProject}", new JsonObject { ["quota_set"] = new JsonObject { ["instances"] = 50 } });
        Assert.Equal(HttpStatusCode.Forbidden, update.StatusCode);
    }

    [Fact]
    public async Task Admin_updates_a_quota_below_usage_only_with_force_and_create_is_then_refused()
    {
        _usage.Value = new ComputeUsage(3, 3, 1536, 0);
        var set = new JsonObject { ["quota_set"] = new JsonObject { ["instances"] = 2 } };
        using var refused = await _admin.PutAsJsonAsync($"/compute/v2.1/os-quota-sets/{_demoProject}", set);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        set["quota_set"]!["force"] = true;
        using var forced = await _admin.PutAsJsonAsync($"/compute/v2.1/os-quota-sets/{_demoProject}", set);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal(2, (await TestCloud.JsonAsync(forced))["quota_set"]!["instances"]!.GetValue<int>());

        var quotas = _cloud.Services.GetRequiredService<QuotaService>();
        var error = Assert.Throws<ApiException>(() => quotas.CheckServers(_demoProject, 1, 1, 1, 512));
        Assert.Equal(403, error.Status);
        Assert.Equal("Quota exceeded for instances: Requested 1, but already used 3 of 2 instances", error.Message);

        using var detail = await _admin.GetAsync($"/compute/v2.1/os-quota-sets/{_demoProject}/detail");
        Assert.Equal(3, (await TestCloud.JsonAsync(detail))["quota_set"]!["instances"]!["in_use"]!.GetValue<int>());
    }

    [Fact]
    public void Server_create_is_capped_at_what_fits_in_cores()
    {
        _usage.Value = new ComputeUsage(0, 16, 0, 0);
        var quotas = _cloud.Services.GetRequiredService<QuotaService>();

        Assert.Equal(2, quotas.CheckServers("p", 1, 5, 2, 512));
        var error = Assert.Throws<ApiException>(() => quotas.CheckServers("p", 3, 5, 2, 512));
        Assert.Equal("Quota exceeded for cores: Requested 6, but already used 16 of 20 cores", error.Message);
    }

    private sealed class FixedUsage : IComputeUsage
    {
        public ComputeUsage Value { get; set; } = ComputeUsage.None;

        public ComputeUsage UsageOf(string projectId) => Value;
    }
}
