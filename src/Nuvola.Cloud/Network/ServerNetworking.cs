using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network;

/// <summary>
/// Network's side of Compute's servers (as Nova calls Neutron): makes or binds ports, lists them, releases them.
/// Refusals use Nova's words (no Neutron kind), since they surface through Compute's API.
/// </summary>
public sealed class ServerNetworking(NetworkStore store, PortOperations ports, SecurityGroupService groups) : IServerNetworking
{
    public const string DeviceOwner = "compute:nova";
    public const string HostName = "nuvola";

    public ServerPort Attach(AuthContext caller, string serverId, ServerPortRequest request)
    {
        var order = store.Ports.Values.Where(p => p.DeviceId == serverId).Select(p => p.ServerOrder).DefaultIfEmpty(0).Max() + 1;
        var binding = new PortBinding(HostName, "normal", "ovs", new Dictionary<string, string>());
        PortRecord port;
        var hotplug = request.Hotplug;
        if (request.PortId is { } portId)
        {
            _ = store.FindPort(portId, caller) ?? throw (hotplug
                ? ApiException.NotFound($"Port id {portId} could not be found.")
                : ApiException.BadRequest($"Port id {portId} could not be found."));
            port = ports.Update(portId, p => p.DeviceId.Length > 0
                ? throw ApiException.Conflict($"Port {portId} is still in use.")
                : p with { DeviceId = serverId, DeviceOwner = DeviceOwner, Binding = binding, ServerOrder = order, CreatedForServer = false });
        }
        else
        {
            var networkId = request.NetworkId ?? DefaultNetworkFor(caller)
                ?? throw (hotplug
                    ? ApiException.BadRequest($"No specific network was requested and none are available for project '{caller.ProjectId}'.")
                    : ApiException.Conflict("No networks are available to the project; please create one."));
            var network = store.FindNetwork(networkId, caller) ?? throw (hotplug
                ? ApiException.NotFound($"Network {networkId} could not be found.")
                : ApiException.BadRequest($"Network {networkId} could not be found."));
            if (network.External && !network.Shared && !caller.IsAdmin)
            {
                throw ApiException.Forbidden($"It is not allowed to create an interface on external network {network.Id}");
            }

            if (!store.SubnetsOf(network.Id).Any())
            {
                throw ApiException.BadRequest($"Network {network.Id} requires a subnet in order to boot instances on.");
            }

            try
            {
                port = ports.Create(new PortDraft(
                    network.Id, caller.RequireProject(),
                    FixedIps: request.FixedIp is { } ip ? [new FixedIpRequest(null, ip)] : null,
                    DeviceId: serverId, DeviceOwner: DeviceOwner, Binding: binding, CreatedForServer: true, ServerOrder: order,
                    SecurityGroups: network.PortSecurityEnabled ? [groups.EnsureDefault(caller.RequireProject()).Id] : null));
            }
            catch (ApiException refusal) when (refusal.Kind is not null)
            {
                throw refusal.Kind switch
                {
                    "IpAddressGenerationFailure" when hotplug => ApiException.BadRequest($"No fixed IP addresses available for network: {network.Id}"),
                    "IpAddressGenerationFailure" => ApiException.Conflict($"No fixed IP addresses available for network: {network.Id}"),
                    "IpAddressAlreadyAllocated" when hotplug => ApiException.Conflict($"Fixed IP address {request.FixedIp} is already in use on instance {serverId}."),
                    "IpAddressAlreadyAllocated" => ApiException.BadRequest($"Fixed IP address {request.FixedIp} is already in use."),
                    _ => ApiException.BadRequest($"Invalid fixed IP address ({request.FixedIp})"),
                };
            }
        }

        return ToServerPort(port);
    }

    public string? DefaultNetworkFor(AuthContext caller)
    {
        var candidates = store.Networks.Values.Where(n => !n.External).OrderBy(n => n.Standard.CreatedAt).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
        return (candidates.FirstOrDefault(n => n.ProjectId == caller.ProjectId) ?? candidates.FirstOrDefault(n => n.Shared))?.Id;
    }

    private PortIndex _byDevice = new(-1, Enumerable.Empty<PortRecord>().ToLookup(p => p.DeviceId));

    public IReadOnlyList<ServerPort> PortsOf(string serverId) =>
        PortsByDevice()[serverId].OrderBy(p => p.ServerOrder).Select(ToServerPort).ToList();

    /// <summary>Ports by device id, rebuilt only when the ports collection changed (listing servers asks once per server).</summary>
    private ILookup<string, PortRecord> PortsByDevice()
    {
        var current = _byDevice;
        var version = store.Ports.Version;
        if (current.Version != version)
        {
            current = new PortIndex(version, store.Ports.Values.ToLookup(p => p.DeviceId, StringComparer.Ordinal));
            _byDevice = current;
        }

        return current.ByDevice;
    }

    public void Detach(string serverId, string? portId = null)
    {
        foreach (var port in store.Ports.Values.Where(p => p.DeviceId == serverId && (portId is null || p.Id == portId)).ToList())
        {
            if (port.CreatedForServer)
            {
                ports.Delete(port.Id);
            }
            else
            {
                ports.Update(port.Id, p => p with { DeviceId = string.Empty, DeviceOwner = string.Empty, Binding = PortBinding.Unbound, ServerOrder = 0 });
            }
        }
    }

    public ServerPort? FindPort(AuthContext caller, string portId) =>
        store.FindPort(portId, caller) is { } port ? ToServerPort(port) : null;

    private ServerPort ToServerPort(PortRecord port) => new(
        port.Id,
        port.NetworkId,
        store.Networks.Find(port.NetworkId)?.Name ?? string.Empty,
        port.MacAddress,
        port.FixedIps.Select(ip => new ServerAddress(ip.IpAddress, ip.IpAddress.Contains(':', StringComparison.Ordinal) ? 6 : 4, ip.SubnetId)).ToList(),
        store.FloatingIps.Values.Where(f => f.PortId == port.Id).OrderBy(f => f.Standard.CreatedAt).Select(f => f.FloatingIpAddress).ToList(),
        port.Status,
        port.DeviceId);

    /// <summary>One immutable snapshot (swapped whole, so readers never see a torn pair).</summary>
    private sealed record PortIndex(long Version, ILookup<string, PortRecord> ByDevice);
}
