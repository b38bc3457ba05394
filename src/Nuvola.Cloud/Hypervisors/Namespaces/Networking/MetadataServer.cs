using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Networking;

/// <summary>
/// The OpenStack metadata service of one instance, at 169.254.169.254:80 inside its network namespace (on its loopback,
/// so that it needs no route): GET /openstack, /openstack/VERSION/{meta_data.json,network_data.json,vendor_data.json,
/// user_data}, answered from the config drive directory. HTTP/1.0-style: one request per connection.
/// </summary>
public sealed class MetadataServer : IDisposable
{
    public const string Address = "169.254.169.254";
    private const int MaxRequestBytes = 8192;
    private readonly Socket _listener;
    private readonly string _configDrive;
    private readonly CancellationTokenSource _stopping = new();

    private MetadataServer(Socket listener, string configDrive)
    {
        _listener = listener;
        _configDrive = configDrive;
        _ = AcceptLoopAsync();
    }

    public static MetadataServer Start(string netns, string configDrive) =>
        new(NetnsSocket.Listen(netns, new IPEndPoint(IPAddress.Parse(Address), 80)), configDrive);

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
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

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            var buffer = new byte[MaxRequestBytes];
            var length = 0;
            while (length < buffer.Length)
            {
                var read = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (Encoding.ASCII.GetString(buffer, 0, length).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    break;
                }
            }

            var requestLine = Encoding.ASCII.GetString(buffer, 0, length).Split("\r\n")[0].Split(' ');
            var (status, body) = requestLine.Length >= 2 && requestLine[0] is "GET" or "HEAD" ? Answer(requestLine[1]) : (405, "Method Not Allowed\n");
            var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : status == 404 ? "Not Found" : "Error")}\r\nContent-Type: {(body.StartsWith('{') ? "application/json" : "text/plain")}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n";
            await client.SendAsync(Encoding.UTF8.GetBytes(requestLine.Length > 0 && requestLine[0] == "HEAD" ? head : head + body), SocketFlags.None, timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>The status and body for a path.</summary>
    internal (int Status, string Body) Answer(string path)
    {
        var parts = path.Split('?')[0].Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts is ["openstack"])
        {
            return (200, string.Join('\n', ConfigDrive.Versions.Skip(1).Append("latest")) + "\n");
        }

        if (parts is ["openstack", var version] && ConfigDrive.Versions.Contains(version))
        {
            var names = Directory.EnumerateFiles(Path.Combine(_configDrive, "openstack", "latest")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
            return (200, string.Join('\n', names) + "\n");
        }

        if (parts is ["openstack", var v, var document] && ConfigDrive.Versions.Contains(v) && !document.Contains("..", StringComparison.Ordinal))
        {
            var file = Path.Combine(_configDrive, "openstack", "latest", document);
            return File.Exists(file) ? (200, File.ReadAllText(file)) : (404, "Not Found\n");
        }

        return (404, "Not Found\n");
    }
}
