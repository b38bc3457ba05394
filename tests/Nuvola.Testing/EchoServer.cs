using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nuvola.Testing;

/// <summary>
/// A TCP server on 127.0.0.1 (or on a listening socket given to it) that answers each connection once its client has
/// half-closed: "echo:" + everything received + " from " + the client's address, then closes. Answering only after the
/// end of input shows that a relay passes half-closes on.
/// </summary>
public sealed class EchoServer : IDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();

    public EchoServer(Socket? listener = null)
    {
        if (listener is null)
        {
            listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(16);
        }

        _listener = listener;
        _ = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public int Connections { get; private set; }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Connections++;
            _ = ServeAsync(client);
        }
    }

    private static async Task ServeAsync(Socket client)
    {
        using var _ = client;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var received = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }

            var from = ((IPEndPoint)client.RemoteEndPoint!).Address;
            await client.SendAsync(Encoding.UTF8.GetBytes("echo:" + Encoding.UTF8.GetString(received.ToArray()) + " from " + from), SocketFlags.None, deadline.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException)
        {
        }
    }
}
