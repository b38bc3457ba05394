using System.Collections.Concurrent;
using System.Globalization;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Network;

namespace Nuvola.Cloud.Tests.Compute.Servers;

/// <summary>Server networking for tests when the cloud has no Network service registered: one network "private".</summary>
public sealed class StandInNetworking : IServerNetworking
{
    public const string PrivateId = "0d5b7e1c-6c2f-4a1e-9d55-3f4c1b2a9e77";

    private readonly ConcurrentDictionary<string, List<ServerPort>> _ports = new();
    private int _next = 2;

    public ServerPort Attach(AuthContext caller, string serverId, ServerPortRequest request)
    {
        if (request.PortId is not null)
        {
            throw ApiException.BadRequest($"Port {request.PortId} could not be found.");
        }

        if (request.NetworkId != PrivateId)
        {
            throw ApiException.BadRequest($"Network {request.NetworkId} could not be found.");
        }

        var host = Interlocked.Increment(ref _next);
        var ip = request.FixedIp ?? "10.0.0." + host.ToString(CultureInfo.InvariantCulture);
        var port = new ServerPort(Guid.NewGuid().ToString("D"), PrivateId, "private", "fa:16:3e:00:00:" + (host % 256).ToString("x2", CultureInfo.InvariantCulture), [new ServerAddress(ip, 4, "subnet")]);
        _ports.AddOrUpdate(serverId, _ => [port], (_, list) => [.. list, port]);
        return port;
    }

    public string? DefaultNetworkFor(AuthContext caller) => PrivateId;

    public IReadOnlyList<ServerPort> PortsOf(string serverId) => _ports.GetValueOrDefault(serverId) ?? [];

    public void Detach(string serverId, string? portId = null) => _ports.TryRemove(serverId, out _);
}
