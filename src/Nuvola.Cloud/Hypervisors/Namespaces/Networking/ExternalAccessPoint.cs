using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Networking;

/// <summary>
/// Where the cloud itself stands on its external network: the one place that holds the external subnet's gateway
/// address. Either the host-side interface <see cref="Device"/> (PREFIX-ext, when the subnet does not overlap the host's
/// own networks) or the access namespace <see cref="Netns"/> (PREFIX-access, otherwise, or when the host interface is
/// turned off). `nuvola cloud proxy` connects from here, so it reaches floating IPs whatever the host's addresses are,
/// and nothing else: the namespace has no route but the external subnet's, and a socket on the host is bound to the
/// cloud's interface.
/// </summary>
public sealed record ExternalAccessPoint(string NetworkId, string Cidr, string GatewayIp, string? Netns, string? Device)
{
    private static readonly TimeSpan ConnectDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Why <paramref name="address"/> may not be reached from here (null: it may).</summary>
    public string? Refusal(IPAddress address)
    {
        var text = address.ToString();
        if (address.AddressFamily != AddressFamily.InterNetwork || !NetworkReconciler.Overlaps(Cidr, text + "/32"))
        {
            return $"{text} is not on the cloud's external network ({Cidr}): the proxy reaches only addresses there (floating IPs, router gateways)";
        }

        if (text == GatewayIp)
        {
            return $"{text} is the external subnet's gateway, the proxy's own address";
        }

        return null;
    }

    /// <summary>A TCP connection to <paramref name="target"/> made from the access point; throws <see cref="ProxyRefusedException"/> when refused or unreachable.</summary>
    public async Task<Socket> ConnectAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        if (Refusal(target.Address) is { } refusal)
        {
            throw new ProxyRefusedException(refusal);
        }

        Socket socket;
        try
        {
            socket = Netns is not null ? NetnsSocket.Create(Netns) : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            if (Device is not null)
            {
                // SO_BINDTODEVICE: the host's other interfaces and routes are never used.
                socket.SetRawSocketOption(1, 25, Encoding.ASCII.GetBytes(Device + "\0"));
            }
        }
        catch (Exception failure) when (failure is SocketException or HypervisorException)
        {
            throw new ProxyRefusedException("cannot open a socket on the external network: " + failure.Message);
        }

        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(ConnectDeadline);
            socket.NoDelay = true;
            await socket.ConnectAsync(target, deadline.Token);
            return socket;
        }
        catch (Exception failure) when (failure is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            var reason = failure is SocketException s ? s.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (is the service listening, and does a security group rule let it in?)",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => "no host answers at that address",
                _ => s.Message,
            } : cancellationToken.IsCancellationRequested ? "the cloud is stopping" : $"no answer within {ConnectDeadline.TotalSeconds:0} s (no security group rule for the port?)";
            throw new ProxyRefusedException(reason);
        }
    }
}

/// <summary>The proxy cannot or may not reach a target; the message is sent to the client.</summary>
public sealed class ProxyRefusedException(string message) : Exception(message);
