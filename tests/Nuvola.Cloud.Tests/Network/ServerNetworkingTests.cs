using Microsoft.Extensions.DependencyInjection;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Network;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

public sealed class ServerNetworkingTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync()
    {
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    private IServerNetworking Networking => _cloud.Services.GetRequiredService<IServerNetworking>();

    private NetworkStore Store => _cloud.Services.GetRequiredService<NetworkStore>();

    private AuthContext Caller(string project, params string[] roles)
    {
        var id = _cloud.Services.GetRequiredService<IdentityStore>().FindProjectByName(project, "default")!.Id;
        return new AuthContext("hash", "user-" + project, project, "default", id, project, "default", null, roles, DateTimeOffset.MaxValue);
    }

    [Fact]
    public void Bootstrap_creates_the_profiles_networks_with_one_subnet_each()
    {
        var networks = Store.Networks.Values.ToDictionary(n => n.Name);

        Assert.True(networks["public"].External);
        Assert.Equal(Caller("admin").ProjectId, networks["public"].ProjectId);
        Assert.Equal(Caller("demo").ProjectId, networks["private"].ProjectId);
        var subnet = Assert.Single(Store.SubnetsOf(networks["private"].Id));
        Assert.Equal("10.0.0.0/26", subnet.Cidr);
        Assert.Equal("10.0.0.1", subnet.GatewayIp);
        Assert.Equal(new AllocationPool("10.0.0.2", "10.0.0.62"), Assert.Single(subnet.AllocationPools));
    }

    [Fact]
    public void A_server_without_networks_gets_a_port_on_its_projects_network_with_the_default_group()
    {
        var demo = Caller("demo", "member");

        var networkId = Networking.DefaultNetworkFor(demo);
        var port = Networking.Attach(demo, "server-1", new ServerPortRequest(NetworkId: networkId));

        Assert.Equal("private", port.NetworkName);
        Assert.Equal("10.0.0.2", Assert.Single(port.Addresses).IpAddress);
        Assert.StartsWith("fa:16:3e:", port.MacAddress, StringComparison.Ordinal);
        var record = Store.Ports.Find(port.PortId)!;
        Assert.Equal("compute:nova", record.DeviceOwner);
        Assert.Equal("default", Store.SecurityGroups.Find(Assert.Single(record.SecurityGroups))!.Name);
        Assert.Equal(port.PortId, Assert.Single(Networking.PortsOf("server-1")).PortId);
    }

    [Fact]
    public void Detach_deletes_the_ports_made_for_the_server_and_frees_the_address()
    {
        var demo = Caller("demo", "member");
        var networkId = Networking.DefaultNetworkFor(demo);
        var first = Networking.Attach(demo, "server-1", new ServerPortRequest(NetworkId: networkId));

        Networking.Detach("server-1");
        var again = Networking.Attach(demo, "server-2", new ServerPortRequest(NetworkId: networkId));

        Assert.Null(Store.Ports.Find(first.PortId));
        Assert.Empty(Networking.PortsOf("server-1"));
        Assert.Equal(first.Addresses[0].IpAddress, again.Addresses[0].IpAddress);
    }

    [Fact]
    public void A_taken_fixed_ip_is_refused_and_a_full_network_answers_409()
    {
        var demo = Caller("demo", "member");
        var networkId = Networking.DefaultNetworkFor(demo);
        Networking.Attach(demo, "server-1", new ServerPortRequest(NetworkId: networkId, FixedIp: "10.0.0.10"));

        var taken = Assert.Throws<ApiException>(() => Networking.Attach(demo, "server-2", new ServerPortRequest(NetworkId: networkId, FixedIp: "10.0.0.10")));
        Assert.Equal(400, taken.Status);
        Parallel.For(0, 60, i =>
        {
            try
            {
                Networking.Attach(demo, "filler-" + i, new ServerPortRequest(NetworkId: networkId));
            }
            catch (ApiException)
            {
            }
        });
        var full = Assert.Throws<ApiException>(() => Networking.Attach(demo, "server-3", new ServerPortRequest(NetworkId: networkId)));

        Assert.Equal(409, full.Status);
        var addresses = Store.Ports.Values.SelectMany(p => p.FixedIps).Select(ip => ip.IpAddress).ToList();
        Assert.Equal(61, addresses.Count);
        Assert.Equal(addresses.Count, addresses.Distinct().Count());
    }

    [Fact]
    public void A_network_of_another_project_is_not_found_for_the_server()
    {
        var admin = Caller("admin", "admin", "member");
        var demo = Caller("demo", "member");
        var adminNet = _cloud.Services.GetRequiredService<NetworkOperations>().CreateNetwork("secret", admin.ProjectId!);

        var refusal = Assert.Throws<ApiException>(() => Networking.Attach(demo, "server-1", new ServerPortRequest(NetworkId: adminNet.Id)));

        Assert.Equal(400, refusal.Status);
        Assert.Contains("could not be found", refusal.Message, StringComparison.Ordinal);
    }
}
