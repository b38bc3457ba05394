using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Networking;

/// <summary>
/// The one-line handshake on the cloud's proxy socket (DATA/proxy.sock), shared by the cloud and `nuvola cloud proxy`:
/// the client sends <c>CONNECT ADDRESS PORT\n</c>; the cloud answers <c>OK\n</c> and from then on relays bytes both
/// ways, or answers <c>ERROR reason\n</c> and closes.
/// </summary>
public static class ProxyProtocol
{
    /// <summary>The proxy socket's file name in the cloud's data directory.</summary>
    public const string SocketFile = "proxy.sock";

    /// <summary>Longest handshake line accepted (bytes, newline included).</summary>
    public const int MaxLineBytes = 512;

    public const string Ok = "OK";

    public const string Error = "ERROR";

    /// <summary>The request line for a target (without the newline).</summary>
    public static string Request(string host, int port) => $"CONNECT {host} {port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads a request line: the target, or why the line is not one (then <paramref name="target"/> is null).</summary>
    public static string? TryParseRequest(string line, out IPEndPoint? target)
    {
        target = null;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 3 || fields[0] != "CONNECT")
        {
            return "expected 'CONNECT ADDRESS PORT'";
        }

        if (!IPAddress.TryParse(fields[1], out var address) || address.AddressFamily != AddressFamily.InterNetwork || fields[1].Count(c => c == '.') != 3)
        {
            return $"'{Printable(fields[1])}' is not an IPv4 address (give the floating IP, e.g. ssh root@203.0.113.10)";
        }

        if (!int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return $"'{Printable(fields[2])}' is not a TCP port (1-65535)";
        }

        target = new IPEndPoint(address, port);
        return null;
    }

    /// <summary>
    /// Reads one line ending in '\n' one byte at a time (nothing after the newline is consumed, so the relayed stream
    /// starts exactly after it); null when the peer closed first or the line is longer than <see cref="MaxLineBytes"/>.
    /// </summary>
    public static async Task<string?> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxLineBytes];
        for (var length = 0; length < buffer.Length; length++)
        {
            if (await socket.ReceiveAsync(buffer.AsMemory(length, 1), SocketFlags.None, cancellationToken) == 0)
            {
                return null;
            }

            if (buffer[length] == (byte)'\n')
            {
                return Encoding.UTF8.GetString(buffer, 0, length).TrimEnd('\r');
            }
        }

        return null;
    }

    /// <summary>Sends one line (a newline is added).</summary>
    public static async Task WriteLineAsync(Socket socket, string line, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(line.Replace('\n', ' ') + "\n");
        for (var sent = 0; sent < bytes.Length;)
        {
            sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellationToken);
        }
    }

    private static string Printable(string text) =>
        new([.. text.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);
}
