using System.CommandLine;
using System.Net.Sockets;
using Nuvola.Cli.Stacks;
using Nuvola.Cloud.Hypervisors.Namespaces.Networking;

namespace Nuvola.Cli.Cloud;

/// <summary>
/// `nuvola cloud proxy [--data-dir DIR] HOST PORT`: a TCP connection to HOST:PORT on the external network of the cloud
/// serving DIR, made by the cloud from its own access point and relayed over stdin/stdout, so that it works as an SSH
/// ProxyCommand (`ssh -o ProxyCommand='nuvola cloud proxy %h %p' root@FLOATING_IP`) whatever the host's own addresses
/// are. It talks to the cloud through DATA/proxy.sock (namespace hypervisor only); nothing but the relayed bytes goes to
/// stdout.
/// </summary>
internal static class CloudProxyCommand
{
    private static readonly TimeSpan HandshakeDeadline = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The cloud's data directory (default: $NUVOLA_HOME/cloud, else ./.nuvola/cloud).", DefaultValueFactory = _ => EmbeddedCloud.DataDirectory(StateLocation.Home()) };
        var host = new Argument<string>("HOST") { Description = "An IPv4 address on the cloud's external network (a floating IP)." };
        var port = new Argument<int>("PORT") { Description = "The TCP port (22 for SSH)." };
        var command = new Command("proxy", "Connect stdin/stdout to HOST:PORT on the cloud's external network, from inside the cloud (an SSH ProxyCommand).")
        {
            dataDir, host, port,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            () => RunAsync(Path.GetFullPath(parse.GetValue(dataDir)!), parse.GetValue(host)!, parse.GetValue(port), cancellationToken), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string data, string host, int port, CancellationToken cancellationToken)
    {
        var request = ProxyProtocol.Request(host, port);
        if (ProxyProtocol.TryParseRequest(request, out _) is { } bad)
        {
            throw new CliException(ExitCodes.Usage, bad);
        }

        var path = Path.Combine(data, ProxyProtocol.SocketFile);
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.CloudUnavailable, $"no proxy socket at {path}: no cloud started with --hypervisor namespace runs on {data} (a fake hypervisor's servers have nothing to connect to)");
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        string? answer;
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(HandshakeDeadline);
            await ProxyProtocol.WriteLineAsync(socket, request, deadline.Token);
            answer = await ProxyProtocol.ReadLineAsync(socket, deadline.Token);
        }
        catch (SocketException failure)
        {
            throw new CliException(ExitCodes.CloudUnavailable, $"cannot talk to the cloud through {path}: {failure.Message} (is it still running?)");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.CloudUnavailable, $"the cloud did not answer through {path} within {HandshakeDeadline.TotalSeconds:0} s");
        }

        if (answer is null)
        {
            throw new CliException(ExitCodes.CloudUnavailable, $"the cloud closed {path} without an answer");
        }

        if (answer != ProxyProtocol.Ok)
        {
            var reason = answer.StartsWith(ProxyProtocol.Error + " ", StringComparison.Ordinal) ? answer[(ProxyProtocol.Error.Length + 1)..] : "unexpected answer: " + answer;
            throw new CliException(ExitCodes.Failure, $"cannot reach {host}:{port}: {reason}");
        }

        await RelayAsync(socket, cancellationToken);
        return ExitCodes.Success;
    }

    // stdin → socket (end of input half-closes the connection) while socket → stdout; done when the far side closes.
    private static async Task RelayAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var input = Console.OpenStandardInput();
        using var output = Console.OpenStandardOutput();
        _ = Task.Run(async () =>
        {
            var buffer = new byte[16384];
            try
            {
                int read;
                while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    for (var sent = 0; sent < read;)
                    {
                        sent += await socket.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, cancellationToken);
                    }
                }

                socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
            }
        }, CancellationToken.None);

        var down = new byte[16384];
        try
        {
            int received;
            while ((received = await socket.ReceiveAsync(down, SocketFlags.None, cancellationToken)) > 0)
            {
                await output.WriteAsync(down.AsMemory(0, received), cancellationToken);
                await output.FlushAsync(cancellationToken);
            }
        }
        catch (SocketException failure)
        {
            throw new CliException(ExitCodes.Failure, "the connection through the cloud broke: " + failure.Message);
        }
        catch (IOException)
        {
            // stdout closed (the SSH client went away): nothing left to do.
        }
    }
}
