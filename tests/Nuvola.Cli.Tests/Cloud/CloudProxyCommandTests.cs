using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Nuvola.Cloud.Hypervisors.Namespaces.Networking;
using Nuvola.Testing;

namespace Nuvola.Cli.Tests.Cloud;

/// <summary>
/// `nuvola cloud proxy` as a child process against a proxy socket served by this test (the cloud's own CloudProxy,
/// its connections going to a TCP echo server on 127.0.0.1): what an SSH ProxyCommand sees.
/// </summary>
public sealed class CloudProxyCommandTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);
    private readonly string _data = Directory.CreateTempSubdirectory("nuvola-cli-proxy-").FullName;
    private readonly Dictionary<string, string?> _environment = [];

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Stdin_goes_to_the_target_and_its_answer_to_stdout_and_nothing_else()
    {
        using var echo = new EchoServer();
        var asked = new List<IPEndPoint>();
        using var proxy = await StartProxyAsync(async (target, cancellationToken) =>
        {
            asked.Add(target);
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(echo.EndPoint, cancellationToken);
            return socket;
        });

        using var run = NuvolaProcess.StartWithInput(_environment, "hello through the cloud", "cloud", "proxy", "--data-dir", _data, "203.0.113.9", "22");
        var exit = await run.WaitForExitAsync(Deadline);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("echo:hello through the cloud from 127.0.0.1", run.StandardOutput);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.9"), 22), Assert.Single(asked));
        await proxy.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_target_the_cloud_refuses_is_exit_1_with_the_clouds_reason()
    {
        using var proxy = await StartProxyAsync((target, _) => throw new ProxyRefusedException($"{target.Address} is not on the cloud's external network"));

        using var run = await NuvolaProcess.RunAsync(_environment, Deadline, "cloud", "proxy", "--data-dir", _data, "10.0.0.5", "22");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains(run.Output, l => l == "nuvola: cannot reach 10.0.0.5:22: 10.0.0.5 is not on the cloud's external network");
        Assert.Equal(string.Empty, run.StandardOutput);
        await proxy.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task No_namespace_cloud_on_the_data_directory_is_exit_7()
    {
        using var run = await NuvolaProcess.RunAsync(_environment, Deadline, "cloud", "proxy", "--data-dir", _data, "203.0.113.9", "22");

        Assert.Equal(ExitCodes.CloudUnavailable, run.ExitCode);
        Assert.Contains(run.Output, l => l.StartsWith($"nuvola: no proxy socket at {Path.Combine(_data, "proxy.sock")}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_that_is_not_an_ipv4_address_is_a_usage_error()
    {
        using var run = await NuvolaProcess.RunAsync(_environment, Deadline, "cloud", "proxy", "--data-dir", _data, "vm1", "22");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(run.Output, l => l.StartsWith("nuvola: 'vm1' is not an IPv4 address", StringComparison.Ordinal));
    }

    private async Task<CloudProxy> StartProxyAsync(Func<IPEndPoint, CancellationToken, Task<Socket>> connect)
    {
        var proxy = new CloudProxy(Path.Combine(_data, ProxyProtocol.SocketFile), connect, NullLogger.Instance);
        await proxy.StartAsync(CancellationToken.None);
        return proxy;
    }
}
