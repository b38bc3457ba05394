using System.Text.Json;

namespace Nuvola.Cli.Tests.Stacks;

/// <summary>OS::Heat::SoftwareDeployment in `nuvola deploy`: the signal transport and the wait's bound from the environment.</summary>
public sealed class SoftwareDeploymentCommandTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    // The server id comes from a Value, so that no cloud is needed (a literal would be checked against one: nova.server).
    private const string Template = """
        heat_template_version: 2021-04-16
        resources:
          srv:
            type: OS::Heat::Value
            properties: {value: srv-1}
          config:
            type: OS::Heat::SoftwareConfig
            properties: {config: echo hi}
          deployment:
            type: OS::Heat::SoftwareDeployment
            properties:
              config: {get_resource: config}
              server: {get_attr: [srv, value]}
        outputs:
          code: {value: {get_attr: [deployment, deploy_status_code]}}
        """;

    private readonly StateFixture _state = new();

    public void Dispose() => _state.Dispose();

    private Task<NuvolaProcess> RunAsync(string? transport, string? timeout, params string[] args)
    {
        var environment = new Dictionary<string, string?>(_state.Environment)
        {
            ["NUVOLA_DEPLOYMENT_SIGNAL_TRANSPORT"] = transport,
            ["NUVOLA_DEPLOYMENT_TIMEOUT"] = timeout,
        };
        return NuvolaProcess.RunAsync(environment, Deadline, args);
    }

    private string File()
    {
        var path = Path.Combine(_state.Home, "swd.yaml");
        System.IO.File.WriteAllText(path, Template);
        return path;
    }

    [Fact]
    public async Task No_signal_as_the_default_transport_completes_the_deployment_at_once()
    {
        using var deploy = await RunAsync("NO_SIGNAL", null, "deploy", File(), "-f", "json");

        Assert.Equal(ExitCodes.Success, deploy.ExitCode);
        Assert.True(JsonDocument.Parse(deploy.StandardOutput).RootElement.GetProperty("succeeded").GetBoolean());
        Assert.False(Directory.Exists(Path.Combine(_state.Home, "cloud")), "no cloud is needed");
    }

    [Fact]
    public async Task A_deployment_nobody_signals_fails_after_the_timeout()
    {
        using var deploy = await RunAsync(null, "1", "deploy", File());

        Assert.Equal(ExitCodes.Failure, deploy.ExitCode);
        Assert.Contains(deploy.Output, l => l.Contains("Deployment to server failed: Deployment timed out after 1 s without a signal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_transport_or_timeout_is_a_usage_error()
    {
        using var transport = await RunAsync("PIGEON", null, "deploy", File());
        using var timeout = await RunAsync(null, "soon", "deploy", File());

        Assert.Equal(ExitCodes.Usage, transport.ExitCode);
        Assert.Contains(transport.Output, l => l.Contains("NUVOLA_DEPLOYMENT_SIGNAL_TRANSPORT=PIGEON", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.Usage, timeout.ExitCode);
        Assert.Contains(timeout.Output, l => l.Contains("NUVOLA_DEPLOYMENT_TIMEOUT=soon", StringComparison.Ordinal));
    }
}
