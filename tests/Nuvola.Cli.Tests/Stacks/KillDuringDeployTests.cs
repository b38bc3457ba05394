using System.Text.Json;

namespace Nuvola.Cli.Tests.Stacks;

/// <summary>
/// `nuvola deploy` killed with SIGKILL while its servers boot, then the same deploy again: the second run adopts what
/// the killed one created (every object carries the stack's tags), so each server exists exactly once, nothing is
/// leaked, and destroy leaves nothing. The cloud is a real `nuvola cloud serve` whose fake servers take 3 s to boot.
/// </summary>
public sealed class KillDuringDeployTests : IDisposable
{
    private const int Servers = 6;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);
    private readonly StateFixture _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task A_deploy_killed_mid_apply_resumes_without_duplicates_and_destroy_leaves_nothing()
    {
        var template = Path.Combine(_state.Home, "fleet.hot.yaml");
        File.WriteAllText(template, $$$"""
            heat_template_version: 2018-08-31
            resources:
              net:
                type: OS::Neutron::Net
                properties: {name: fleet-net}
              subnet:
                type: OS::Neutron::Subnet
                properties: {network: {get_resource: net}, cidr: 10.40.0.0/24}
              fleet:
                type: OS::Heat::ResourceGroup
                depends_on: subnet
                properties:
                  count: {{{Servers}}}
                  resource_def:
                    type: OS::Nova::Server
                    properties:
                      name: fleet-%index%
                      image: cirros-0.6.2-x86_64-disk
                      flavor: m1.tiny
                      networks: [{network: {get_resource: net}}]
            outputs:
              addresses: {value: {get_attr: [fleet, first_address]}}
            """);
        var cloudDir = Path.Combine(_state.Home, "cloud");
        using var serve = NuvolaProcess.Start(_state.Environment,
            "cloud", "serve", "--port", "0", "--data-dir", cloudDir, "--build-delay", "3", "--quiet");
        try
        {
            var url = await EndpointAsync(cloudDir, serve);
            using var http = new HttpClient();
            var token = await EmbeddedCloudApi.TokenAsync(http, url, cloudDir);

            using (var first = NuvolaProcess.Start(_state.Environment, "deploy", template, "--stack", "fleet"))
            {
                // Kill it once the cloud holds some servers (still in BUILD for 3 s each), before all are recorded.
                await PollAsync(async () => (await ServersAsync(http, url, token)).Count >= 2, first);
                first.KillHard();
                await first.WaitForExitAsync(Deadline);
            }

            var killedLeft = await ServersAsync(http, url, token);
            using var second = await NuvolaProcess.RunAsync(_state.Environment, Deadline, "deploy", template, "--stack", "fleet", "-f", "json");
            var afterResume = await ServersAsync(http, url, token);
            var networks = await NamesAsync(http, $"{url}/network/v2.0/networks?name=fleet-net", token, "networks");
            using var destroy = await NuvolaProcess.RunAsync(_state.Environment, Deadline, "destroy", "fleet", "--yes");
            var afterDestroy = await ServersAsync(http, url, token);
            var networksAfter = await NamesAsync(http, $"{url}/network/v2.0/networks?name=fleet-net", token, "networks");

            Assert.InRange(killedLeft.Count, 2, Servers);
            Assert.True(second.ExitCode == ExitCodes.Success, string.Join('\n', second.Output));
            var result = JsonDocument.Parse(second.StandardOutput).RootElement;
            Assert.Equal(Servers, result.GetProperty("outputs").GetProperty("addresses").GetArrayLength());
            Assert.Equal(Enumerable.Range(0, Servers).Select(i => $"fleet-{i}"), afterResume.Order(StringComparer.Ordinal));
            Assert.Single(networks);
            Assert.Equal(ExitCodes.Success, destroy.ExitCode);
            Assert.Empty(afterDestroy);
            Assert.Empty(networksAfter);
        }
        finally
        {
            serve.Terminate();
            await serve.WaitForExitAsync(Deadline);
        }
    }

    private static async Task<string> EndpointAsync(string cloudDir, NuvolaProcess serve)
    {
        var file = Path.Combine(cloudDir, "endpoint.json");
        await PollAsync(() => Task.FromResult(File.Exists(file) && new FileInfo(file).Length > 0), serve);
        return JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("url").GetString()!;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing at the deadline or when the process ended.</summary>
    private static async Task PollAsync(Func<Task<bool>> condition, NuvolaProcess process)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not reached; output:\n" + string.Join('\n', process.Output));
            Assert.False(process.HasExited, "the process ended first; output:\n" + string.Join('\n', process.Output));
            await Task.Delay(50);
        }
    }

    private static Task<List<string>> ServersAsync(HttpClient http, string url, string token) =>
        NamesAsync(http, $"{url}/compute/v2.1/servers", token, "servers");

    private static async Task<List<string>> NamesAsync(HttpClient http, string url, string token, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Auth-Token", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty(key).EnumerateArray().Select(s => s.GetProperty("name").GetString()!)];
    }
}
