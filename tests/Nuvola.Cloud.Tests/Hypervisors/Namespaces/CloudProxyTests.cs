using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Nuvola.Cloud.Hypervisors.Namespaces.Networking;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Hypervisors.Namespaces;

/// <summary>The proxy's relay over a real Unix socket; the connections it makes go to a TCP echo server on 127.0.0.1 (no namespaces needed).</summary>
public sealed class CloudProxyTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nuvola-proxy-").FullName;
    private readonly EchoServer _echo = new();
    private readonly List<IPEndPoint> _asked = [];
    private CloudProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _proxy = new CloudProxy(Path.Combine(_directory, ProxyProtocol.SocketFile), ConnectAsync, NullLogger.Instance);
        await _proxy.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _proxy.StopAsync(CancellationToken.None);
        _proxy.Dispose();
        _echo.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void TheSocketIsTheCloudUsersOnly()
    {
        var mode = OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(_proxy.SocketPath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task AnAcceptedTargetGetsOkThenBytesBothWaysAndHalfClosesPassOn()
    {
        using var client = await OpenAsync("CONNECT 203.0.113.7 22");
        Assert.Equal("OK", await ProxyProtocol.ReadLineAsync(client, CancellationToken.None));
        await client.SendAsync(Encoding.UTF8.GetBytes("ping"));
        client.Shutdown(SocketShutdown.Send);
        Assert.Equal("echo:ping from 127.0.0.1", await ProxyClient.ReadToEndAsync(client));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 22), Assert.Single(_asked));
    }

    [Fact]
    public async Task ARefusedTargetGetsTheReasonAndNoConnection()
    {
        using var client = await OpenAsync("CONNECT 10.0.0.5 22");
        Assert.Equal("ERROR 10.0.0.5 is not reachable here", await ProxyProtocol.ReadLineAsync(client, CancellationToken.None));
        Assert.Equal(string.Empty, await ProxyClient.ReadToEndAsync(client));
        Assert.Equal(0, _echo.Connections);
    }

    [Fact]
    public async Task ABadRequestIsAnsweredAndNothingIsConnected()
    {
        using var client = await OpenAsync("CONNECT vm1 22");
        var answer = await ProxyProtocol.ReadLineAsync(client, CancellationToken.None);
        Assert.StartsWith("ERROR 'vm1' is not an IPv4 address", answer, StringComparison.Ordinal);
        Assert.Empty(_asked);
    }

    [Fact]
    public async Task SeveralTunnelsRunAtOnceAndStoppingRemovesTheSocket()
    {
        var clients = new List<Socket>();
        for (var i = 0; i < 5; i++)
        {
            var client = await OpenAsync($"CONNECT 203.0.113.{10 + i} 80");
            Assert.Equal("OK", await ProxyProtocol.ReadLineAsync(client, CancellationToken.None));
            clients.Add(client);
        }

        for (var i = 0; i < clients.Count; i++)
        {
            await clients[i].SendAsync(Encoding.UTF8.GetBytes("n" + i));
            clients[i].Shutdown(SocketShutdown.Send);
            Assert.Equal($"echo:n{i} from 127.0.0.1", await ProxyClient.ReadToEndAsync(clients[i]));
            clients[i].Dispose();
        }

        await _proxy.StopAsync(CancellationToken.None);
        Assert.False(File.Exists(_proxy.SocketPath));
    }

    private async Task<Socket> ConnectAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        if (target.Address.ToString().StartsWith("10.", StringComparison.Ordinal))
        {
            throw new ProxyRefusedException(target.Address + " is not reachable here");
        }

        lock (_asked)
        {
            _asked.Add(target);
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_echo.EndPoint, cancellationToken);
        return socket;
    }

    private Task<Socket> OpenAsync(string request) => ProxyClient.OpenAsync(_proxy.SocketPath, request);
}
