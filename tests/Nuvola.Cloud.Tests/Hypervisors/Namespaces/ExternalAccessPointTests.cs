using System.Net;
using Nuvola.Cloud.Hypervisors.Namespaces.Networking;

namespace Nuvola.Cloud.Tests.Hypervisors.Namespaces;

public sealed class ExternalAccessPointTests
{
    private static readonly ExternalAccessPoint Access = new("net-id", "203.0.113.0/24", "203.0.113.1", "nv0000-access", null);

    [Theory]
    [InlineData("203.0.113.2")]
    [InlineData("203.0.113.254")]
    public void AddressesOfTheExternalSubnetMayBeReached(string address) =>
        Assert.Null(Access.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.10.0.5", "is not on the cloud's external network (203.0.113.0/24)")]
    [InlineData("127.0.0.1", "is not on the cloud's external network")]
    [InlineData("192.0.2.2", "is not on the cloud's external network")]
    [InlineData("203.0.114.1", "is not on the cloud's external network")]
    [InlineData("203.0.113.1", "the proxy's own address")]
    public void EverythingElseIsRefused(string address, string reason) =>
        Assert.Contains(reason, Access.Refusal(IPAddress.Parse(address)), StringComparison.Ordinal);

    [Fact]
    public async Task ARefusedTargetIsNeverConnected()
    {
        var refused = await Assert.ThrowsAsync<ProxyRefusedException>(() => Access.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 22), CancellationToken.None));
        Assert.Contains("127.0.0.1 is not on the cloud's external network", refused.Message, StringComparison.Ordinal);
    }
}
