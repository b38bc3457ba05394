using System.Text.Json;
using Nuvola.Testing;

namespace Nuvola.Cli.Tests.Stacks;

/// <summary>
/// A network, a subnet and a server deployed with no cloud configured: nuvola starts the embedded cloud for the
/// purpose, and the objects are real (read back through the cloud's own API), then gone after destroy.
/// </summary>
public sealed class EmbeddedDeployTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);
    private readonly StateFixture _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task Deploy_with_no_cloud_configured_starts_the_embedded_cloud_and_destroy_leaves_nothing()
    {
        var web = Path.Combine(Repository.Root, "examples", "web.hot.yaml");
        try
        {
            using var deploy = await RunAsync("deploy", web, "-f", "json");
            using var resources = await RunAsync("resources", "web", "-f", "json");
            var endpoint = JsonDocument.Parse(File.ReadAllText(Path.Combine(_state.Home, "cloud", "endpoint.json"))).RootElement;
            var url = endpoint.GetProperty("url").GetString()!;
            var serverId = JsonDocument.Parse(resources.StandardOutput).RootElement.GetProperty("resources").EnumerateArray()
                .Single(r => r.GetProperty("type").GetString() == "OS::Nova::Server").GetProperty("physical_id").GetString();
            using var http = new HttpClient();
            var token = await EmbeddedCloudApi.TokenAsync(http, url, Path.Combine(_state.Home, "cloud"));
            var during = await EmbeddedCloudApi.GetStatusAsync(http, $"{url}/compute/v2.1/servers/{serverId}", token);
            using var destroy = await RunAsync("destroy", "web", "--yes");
            var after = await EmbeddedCloudApi.GetStatusAsync(http, $"{url}/compute/v2.1/servers/{serverId}", token);

            Assert.Equal(ExitCodes.Success, deploy.ExitCode);
            Assert.Contains(deploy.Output, l => l.Contains("starting the embedded cloud", StringComparison.Ordinal));
            var result = JsonDocument.Parse(deploy.StandardOutput).RootElement;
            Assert.Equal("CREATE_COMPLETE", result.GetProperty("status").GetString());
            Assert.StartsWith("10.20.30.", result.GetProperty("outputs").GetProperty("address").GetString(), StringComparison.Ordinal);
            Assert.Equal(serverId, result.GetProperty("outputs").GetProperty("server_id").GetString());
            Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);
            Assert.Equal(200, during);
            Assert.Equal(ExitCodes.Success, destroy.ExitCode);
            Assert.Equal(404, after);
        }
        finally
        {
            using var stop = await RunAsync("cloud", "stop");
            Assert.Equal(ExitCodes.Success, stop.ExitCode);
        }
    }

    [Fact]
    public async Task An_unknown_cloud_is_exit_7_naming_the_clouds_defined()
    {
        var clouds = Path.Combine(_state.Home, "clouds.yaml");
        File.WriteAllText(clouds, "clouds:\n  mine:\n    auth:\n      auth_url: http://127.0.0.1:9/identity/v3\n");
        var web = Path.Combine(Repository.Root, "examples", "web.hot.yaml");

        using var deploy = await NuvolaProcess.RunAsync(
            new Dictionary<string, string?>(_state.Environment) { ["OS_CLIENT_CONFIG_FILE"] = clouds }, Deadline,
            "deploy", web, "--cloud", "theirs");

        Assert.Equal(ExitCodes.CloudUnavailable, deploy.ExitCode);
        Assert.Contains(deploy.Output, l => l.Contains("'theirs'", StringComparison.Ordinal) && l.Contains("mine", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(_state.Home, "cloud")));
    }

    private Task<NuvolaProcess> RunAsync(params string[] args) => NuvolaProcess.RunAsync(_state.Environment, Deadline, args);
}
