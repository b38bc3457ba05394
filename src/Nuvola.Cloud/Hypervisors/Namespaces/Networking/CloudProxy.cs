using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Networking;

/// <summary>
/// The way in that does not depend on the host's addresses: a Unix socket, DATA/proxy.sock (mode 600: the cloud's own
/// user only), on which `nuvola cloud proxy HOST PORT` asks for a TCP connection to an address on the cloud's external
/// network (<see cref="ProxyProtocol"/>). The cloud connects from its <see cref="ExternalAccessPoint"/> and relays bytes
/// both ways until both sides have closed. Only addresses of the external subnet are reached; at most
/// <see cref="MaxTunnels"/> at once.
/// </summary>
public sealed partial class CloudProxy : IHostedService, IDisposable
{
    public const int MaxTunnels = 256;
    private static readonly TimeSpan HandshakeDeadline = TimeSpan.FromSeconds(10);
    private readonly string _path;
    private readonly Func<IPEndPoint, CancellationToken, Task<Socket>> _connect;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots = new(MaxTunnels, MaxTunnels);
    private Socket? _listener;
    private Task? _loop;

    /// <summary>The cloud's proxy: DATA/proxy.sock, connecting through the network reconciler's access point.</summary>
    public CloudProxy(CloudOptions options, NetworkReconciler reconciler, ILogger<CloudProxy> logger)
        : this(Path.Combine(options.DataDirectory, ProxyProtocol.SocketFile), (target, cancellationToken) => ConnectThrough(reconciler, target, cancellationToken), logger)
    {
    }

    /// <summary>A proxy on <paramref name="path"/> whose connections are made by <paramref name="connect"/> (which throws <see cref="ProxyRefusedException"/> to refuse).</summary>
    public CloudProxy(string path, Func<IPEndPoint, CancellationToken, Task<Socket>> connect, ILogger logger)
    {
        _path = path;
        _connect = connect;
        _logger = logger;
    }

    public string SocketPath => _path;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        File.Delete(_path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(_path));
            Shell.SetMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(64);
        }
        catch (SocketException failure)
        {
            listener.Dispose();
            LogCannotListen(_logger, _path, failure.Message);
            return Task.CompletedTask;
        }

        _listener = listener;
        _loop = AcceptLoopAsync(listener);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _listener?.Dispose();
        if (_loop is not null)
        {
            await _loop;
        }

        File.Delete(_path);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener?.Dispose();
        _stopping.Dispose();
        _slots.Dispose();
    }

    private static Task<Socket> ConnectThrough(NetworkReconciler reconciler, IPEndPoint target, CancellationToken cancellationToken) =>
        reconciler.Access is { } access
            ? access.ConnectAsync(target, cancellationToken)
            : throw new ProxyRefusedException("the cloud has no external network with an IPv4 subnet and a gateway (yet)");

    private async Task AcceptLoopAsync(Socket listener)
    {
        var tunnels = new List<Task>();
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }

            tunnels.RemoveAll(t => t.IsCompleted);
            tunnels.Add(ServeAsync(client));
        }

        await Task.WhenAll(tunnels);
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        if (!_slots.Wait(0))
        {
            await TryAnswerAsync(client, $"{ProxyProtocol.Error} too many connections through the proxy ({MaxTunnels})");
            return;
        }

        try
        {
            string? line;
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
            {
                handshake.CancelAfter(HandshakeDeadline);
                try
                {
                    line = await ProxyProtocol.ReadLineAsync(client, handshake.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException or SocketException)
                {
                    return;
                }
            }

            if (line is null)
            {
                return;
            }

            if (ProxyProtocol.TryParseRequest(line, out var target) is { } bad)
            {
                await TryAnswerAsync(client, $"{ProxyProtocol.Error} {bad}");
                return;
            }

            Socket remote;
            try
            {
                remote = await _connect(target!, _stopping.Token);
            }
            catch (ProxyRefusedException refused)
            {
                await TryAnswerAsync(client, $"{ProxyProtocol.Error} {refused.Message}");
                return;
            }

            using (remote)
            {
                if (!await TryAnswerAsync(client, ProxyProtocol.Ok))
                {
                    return;
                }

                LogTunnel(_logger, target!.ToString());
                await Task.WhenAll(PumpAsync(client, remote), PumpAsync(remote, client));
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<bool> TryAnswerAsync(Socket client, string line)
    {
        try
        {
            await ProxyProtocol.WriteLineAsync(client, line, _stopping.Token);
            return true;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    // Copies until the source's end of stream, then half-closes the destination; on an error (or the cloud stopping)
    // both sockets are shut, so the other direction ends too.
    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                for (var sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stopping.Token);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            Shut(from);
            Shut(to);
        }
    }

    private static void Shut(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }
    }

    [LoggerMessage(EventId = 78, Level = LogLevel.Warning, Message = "No proxy socket at {Path}: {Reason}; `nuvola cloud proxy` will not work for this cloud")]
    private static partial void LogCannotListen(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 79, Level = LogLevel.Information, Message = "Proxy: connection to {Target}")]
    private static partial void LogTunnel(ILogger logger, string target);
}
