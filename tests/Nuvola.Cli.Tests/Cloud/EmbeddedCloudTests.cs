using System.Text.Json;

namespace Nuvola.Cli.Tests.Cloud;

public sealed class EmbeddedCloudTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);
    private readonly string _home = Path.Combine(Path.GetTempPath(), "nuvola-cli-home-" + Guid.NewGuid().ToString("N"));

    private Dictionary<string, string?> Environment => new() { ["NUVOLA_HOME"] = _home };

    private string Data => Path.Combine(_home, "cloud");

    [Fact]
    public async Task Start_runs_one_detached_cloud_that_a_second_start_finds_and_stop_ends()
    {
        try
        {
            using var first = await NuvolaProcess.RunAsync(Environment, Deadline, "cloud", "start");
            using var second = await NuvolaProcess.RunAsync(Environment, Deadline, "cloud", "start");
            var endpoint = ReadEndpoint();
            using var http = new HttpClient();
            using var response = await http.GetAsync(endpoint.Url + "/identity/v3");

            Assert.Equal(ExitCodes.Success, first.ExitCode);
            Assert.Contains(first.Output, l => l.Contains("starting the embedded cloud", StringComparison.Ordinal));
            Assert.Equal(ExitCodes.Success, second.ExitCode);
            Assert.DoesNotContain(second.Output, l => l.Contains("starting the embedded cloud", StringComparison.Ordinal));
            Assert.Contains(second.Output, l => l == $"pid: {endpoint.Pid}");
            Assert.StartsWith("http://127.0.0.1:", endpoint.Url, StringComparison.Ordinal);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.True(File.Exists(Path.Combine(Data, "clouds.yaml")));
            Assert.True(File.Exists(Path.Combine(Data, "serve.log")));
        }
        finally
        {
            using var stop = await NuvolaProcess.RunAsync(Environment, Deadline, "cloud", "stop");
            Assert.Equal(ExitCodes.Success, stop.ExitCode);
        }

        Assert.False(File.Exists(Path.Combine(Data, "endpoint.json")));
    }

    [Fact]
    public async Task Serve_writes_its_endpoint_while_it_runs_and_removes_it_on_sigterm()
    {
        var data = Path.Combine(_home, "served");
        using var serve = NuvolaProcess.Start(Environment, "cloud", "serve", "--port", "0", "--data-dir", data, "--quiet");
        var line = await serve.WaitForLineAsync(l => l.StartsWith("Nuvola embedded cloud listening on ", StringComparison.Ordinal), Deadline);
        var endpoint = ReadEndpoint(data);

        using var stop = await NuvolaProcess.RunAsync(Environment, Deadline, "cloud", "stop", "--data-dir", data);
        var exit = await serve.WaitForExitAsync(Deadline);

        Assert.Equal(line[(line.LastIndexOf(' ') + 1)..], endpoint.Url);
        Assert.Equal(serve.Id, endpoint.Pid);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains(stop.Output, l => l.StartsWith("stopped the embedded cloud", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(data, "endpoint.json")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }

    private (string Url, int Pid) ReadEndpoint(string? data = null)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(data ?? Data, "endpoint.json")));
        return (document.RootElement.GetProperty("url").GetString()!, document.RootElement.GetProperty("pid").GetInt32());
    }
}
