using System.Diagnostics;

namespace Nuvola.Cli.Tests.Cloud;

public sealed class CloudServeCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_unknown_profile_is_a_usage_error_that_names_the_known_ones()
    {
        using var nuvola = NuvolaProcess.Start("cloud", "serve", "--port", "0", "--data-dir", TempDirectory(), "--profile", "nowhere");

        var exitCode = await nuvola.WaitForExitAsync(Deadline);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains(nuvola.Output, line => line.Contains("unknown profile 'nowhere'", StringComparison.Ordinal) && line.Contains("fg-cloud", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        using var nuvola = NuvolaProcess.Start("cloud", "serve", "--no-such-option");

        Assert.Equal(ExitCodes.Usage, await nuvola.WaitForExitAsync(Deadline));
    }

    [Fact]
    public async Task Serve_answers_on_loopback_and_stops_cleanly_on_sigterm()
    {
        var data = TempDirectory();
        using var nuvola = NuvolaProcess.Start("cloud", "serve", "--port", "0", "--data-dir", data);
        var line = await nuvola.WaitForLineAsync(l => l.StartsWith("Nuvola embedded cloud listening on http://127.0.0.1:", StringComparison.Ordinal), Deadline);
        var baseUrl = line[(line.LastIndexOf(' ') + 1)..];

        using var http = new HttpClient();
        using var response = await http.GetAsync(baseUrl + "/identity/v3");
        Process.Start("kill", ["-TERM", nuvola.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
        var exitCode = await nuvola.WaitForExitAsync(Deadline);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.True(File.Exists(Path.Combine(data, "clouds.yaml")));
        Assert.Contains(nuvola.Output, l => l.Contains("GET /identity/v3 200", StringComparison.Ordinal));
        Directory.Delete(data, recursive: true);
    }

    private static string TempDirectory() => Path.Combine(Path.GetTempPath(), "nuvola-cli-" + Guid.NewGuid().ToString("N"));
}
