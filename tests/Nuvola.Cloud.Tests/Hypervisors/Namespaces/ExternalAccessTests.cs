using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Nuvola.Cloud.Hypervisors;
using Nuvola.Cloud.Hypervisors.Namespaces;
using Nuvola.Cloud.Hypervisors.Namespaces.Networking;
using Nuvola.Cloud.Network;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Hypervisors.Namespaces;

/// <summary>
/// The proxy end to end on a real namespace-hypervisor cloud (fg-cloud profile, whose router has a gateway on ext-net):
/// a connection through DATA/proxy.sock reaches a listener in the router's namespace on its gateway address, coming
/// from the external subnet's gateway address, with the host interface (when the host allows it) and without it (the
/// access namespace). Needs root: elsewhere the cloud falls back to the fake hypervisor, which serves no proxy, and
/// that is what the test checks there.
/// </summary>
public sealed class ExternalAccessTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_proxy_reaches_the_external_network_from_the_clouds_access_point_and_nothing_else(bool hostInterface)
    {
        if (NamespaceSupport.Unavailable() is not null)
        {
            await using var fake = await TestCloud.StartAsync(profile: "fg-cloud", tune: o => o with { Hypervisor = HypervisorModule.Namespace });
            Assert.Equal(HypervisorModule.Fake, fake.Services.GetRequiredService<HypervisorChoice>().Kind);
            Assert.False(File.Exists(Path.Combine(fake.DataDirectory, ProxyProtocol.SocketFile)));
            return;
        }

        using var gate = await NamespaceLock.AcquireAsync(TimeSpan.FromMinutes(15));
        var cloud = await TestCloud.StartAsync(profile: "fg-cloud", tune: o => o with { Hypervisor = HypervisorModule.Namespace, HostInterface = hostInterface });
        var names = cloud.Services.GetRequiredService<NamespaceHypervisor>().Names;
        try
        {
            var network = cloud.Services.GetRequiredService<NetworkStore>();
            var reconciler = cloud.Services.GetRequiredService<NetworkReconciler>();
            var router = network.Routers.Values.Single(r => r.Name == "formation-router");
            var gatewayIp = network.Ports.Find(router.Gateway!.PortId)!.FixedIps[0].IpAddress;
            var routerNetns = names.Router(router.Id);
            await PollAsync(async () => reconciler.Access is not null && File.Exists("/run/netns/" + routerNetns)
                && (await Shell.RunAsync("ip", "-n", routerNetns, "-4", "-o", "addr")).Output.Contains(" " + gatewayIp + "/", StringComparison.Ordinal));

            var access = reconciler.Access!;
            Assert.Equal("203.0.113.0/24", access.Cidr);
            if (hostInterface && access.Device is not null)
            {
                Assert.Equal(names.HostInterface, access.Device);
                Assert.Null(access.Netns);
                Assert.False(File.Exists("/run/netns/" + names.Access));
            }
            else
            {
                // Turned off, or the host already has a route into 203.0.113.0/24 (another cloud's): the namespace holds the gateway.
                Assert.Equal(names.Access, access.Netns);
                Assert.Null(access.Device);
                Assert.Contains(" " + access.GatewayIp + "/24", (await Shell.RunAsync("ip", "-n", names.Access, "-4", "-o", "addr")).Output, StringComparison.Ordinal);
                Assert.DoesNotContain("default", (await Shell.RunAsync("ip", "-n", names.Access, "route")).Output, StringComparison.Ordinal);
                Assert.DoesNotContain("dev " + names.HostInterface, (await Shell.RunAsync("ip", "-o", "link")).Output, StringComparison.Ordinal);
            }

            using var echo = new EchoServer(NetnsSocket.Listen(routerNetns, new IPEndPoint(IPAddress.Parse(gatewayIp), 7777)));
            var socketPath = Path.Combine(cloud.DataDirectory, ProxyProtocol.SocketFile);
            using (var client = await ProxyClient.OpenAsync(socketPath, ProxyProtocol.Request(gatewayIp, 7777)))
            {
                Assert.Equal(ProxyProtocol.Ok, await ProxyProtocol.ReadLineAsync(client, CancellationToken.None));
                await client.SendAsync(Encoding.UTF8.GetBytes("ping"));
                client.Shutdown(SocketShutdown.Send);
                Assert.Equal("echo:ping from " + access.GatewayIp, await ProxyClient.ReadToEndAsync(client));
            }

            using (var client = await ProxyClient.OpenAsync(socketPath, ProxyProtocol.Request(gatewayIp, 7778)))
            {
                Assert.StartsWith("ERROR connection refused", await ProxyProtocol.ReadLineAsync(client, CancellationToken.None), StringComparison.Ordinal);
            }

            using (var client = await ProxyClient.OpenAsync(socketPath, ProxyProtocol.Request("10.10.0.1", 22)))
            {
                Assert.StartsWith("ERROR 10.10.0.1 is not on the cloud's external network", await ProxyProtocol.ReadLineAsync(client, CancellationToken.None), StringComparison.Ordinal);
            }

            Assert.Equal(1, echo.Connections);
            await cloud.StopAsync();
            Assert.False(File.Exists(socketPath));
            Assert.False(File.Exists("/run/netns/" + names.Access));
            Assert.DoesNotContain(names.HostInterface, (await Shell.RunAsync("ip", "-o", "link")).Output, StringComparison.Ordinal);
            Assert.Empty(cloud.Log.Faults());
        }
        finally
        {
            await cloud.DisposeAsync();
        }
    }

    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the cloud's networking was not in place within 30 s");
            await Task.Delay(100);
        }
    }
}
