using System.Net;
using System.Net.Sockets;
using System.Text;
using Nuvola.Cloud.Hypervisors.Namespaces.Networking;

namespace Nuvola.Cloud.Tests.Hypervisors.Namespaces;

public sealed class ProxyProtocolTests
{
    [Fact]
    public void ARequestNamesAnIpv4AddressAndAPort()
    {
        Assert.Null(ProxyProtocol.TryParseRequest(ProxyProtocol.Request("203.0.113.10", 22), out var target));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.10"), 22), target);
    }

    [Theory]
    [InlineData("CONNECT vm1 22", "is not an IPv4 address")]
    [InlineData("CONNECT 203.0.113 22", "is not an IPv4 address")]
    [InlineData("CONNECT ::1 22", "is not an IPv4 address")]
    [InlineData("CONNECT 203.0.113.10 0", "is not a TCP port")]
    [InlineData("CONNECT 203.0.113.10 65536", "is not a TCP port")]
    [InlineData("CONNECT 203.0.113.10 -1", "is not a TCP port")]
    [InlineData("CONNECT 203.0.113.10", "expected 'CONNECT ADDRESS PORT'")]
    [InlineData("GET / HTTP/1.1", "expected 'CONNECT ADDRESS PORT'")]
    public void AnythingElseIsRefusedWithItsReason(string line, string reason)
    {
        Assert.Contains(reason, ProxyProtocol.TryParseRequest(line, out var target), StringComparison.Ordinal);
        Assert.Null(target);
    }

    [Fact]
    public async Task ReadingTheHandshakeLineLeavesWhatFollowsItInTheStream()
    {
        var (left, right) = await ConnectedPairAsync();
        using var _ = left;
        using var __ = right;
        await left.SendAsync(Encoding.ASCII.GetBytes("OK\nSSH-2.0-OpenSSH\r\n"));
        Assert.Equal("OK", await ProxyProtocol.ReadLineAsync(right, CancellationToken.None));
        var rest = new byte[64];
        var read = await right.ReceiveAsync(rest);
        Assert.Equal("SSH-2.0-OpenSSH\r\n", Encoding.ASCII.GetString(rest, 0, read));
    }

    [Fact]
    public async Task ALineLongerThanTheLimitOrCutShortIsNoLine()
    {
        var (left, right) = await ConnectedPairAsync();
        using var _ = left;
        using var __ = right;
        await left.SendAsync(new byte[ProxyProtocol.MaxLineBytes + 1]);
        Assert.Null(await ProxyProtocol.ReadLineAsync(right, CancellationToken.None));
        left.Shutdown(SocketShutdown.Send);
        Assert.Null(await ProxyProtocol.ReadLineAsync(right, CancellationToken.None));
    }

    private static async Task<(Socket Left, Socket Right)> ConnectedPairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var left = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await left.ConnectAsync(listener.LocalEndPoint!);
        return (left, await listener.AcceptAsync());
    }
}
