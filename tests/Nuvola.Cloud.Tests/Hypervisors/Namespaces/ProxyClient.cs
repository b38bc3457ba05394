using System.Net.Sockets;
using System.Text;
using Nuvola.Cloud.Hypervisors.Namespaces.Networking;

namespace Nuvola.Cloud.Tests.Hypervisors.Namespaces;

/// <summary>The client side of the cloud's proxy socket, as `nuvola cloud proxy` speaks it, for the proxy's tests.</summary>
internal static class ProxyClient
{
    /// <summary>Connects to the proxy's Unix socket and sends the request line.</summary>
    public static async Task<Socket> OpenAsync(string socketPath, string request)
    {
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await ProxyProtocol.WriteLineAsync(client, request, CancellationToken.None);
        return client;
    }

    /// <summary>Everything the socket receives until the other side closes it (deadline 30 s).</summary>
    public static async Task<string> ReadToEndAsync(Socket socket)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var text = new StringBuilder();
        var buffer = new byte[1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
