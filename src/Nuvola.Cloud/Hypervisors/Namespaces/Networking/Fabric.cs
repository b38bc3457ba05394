using System.Globalization;
using System.Text;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Networking;

/// <summary>
/// The cloud's layer 2: one network namespace (PREFIX-fabric) holding a Linux bridge per network; instances and routers
/// are plugged into a network's bridge through veth pairs whose inner end carries the port's MAC and fixed IPs. Nothing
/// here touches the host's own interfaces or routes.
/// </summary>
public sealed class Fabric(NamespaceNames names)
{
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly HashSet<string> _bridges = new(StringComparer.Ordinal);
    private bool _ready;

    public NamespaceNames Names => names;

    /// <summary>Creates the fabric namespace when missing.</summary>
    public async Task EnsureAsync()
    {
        if (_ready)
        {
            return;
        }

        await _sync.WaitAsync();
        try
        {
            if (!_ready)
            {
                await EnsureNetnsAsync(names.Fabric);
                foreach (var line in (await Shell.IpAsync("-n", names.Fabric, "-o", "link", "show", "type", "bridge")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    _bridges.Add(line.Split(':')[1].Trim());
                }

                _ready = true;
            }
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>The bridge of a network in the fabric, created when missing.</summary>
    public async Task<string> BridgeAsync(string networkId)
    {
        await EnsureAsync();
        var bridge = NamespaceNames.Bridge(networkId);
        await _sync.WaitAsync();
        try
        {
            if (_bridges.Add(bridge))
            {
                await Shell.IpAsync("-n", names.Fabric, "link", "add", bridge, "type", "bridge");
                await Shell.IpAsync("-n", names.Fabric, "link", "set", bridge, "up");
            }
        }
        finally
        {
            _sync.Release();
        }

        return bridge;
    }

    /// <summary>
    /// Plugs a port into a namespace as <paramref name="inside"/>: a veth pair whose fabric end is on the network's bridge,
    /// the inner end with the port's MAC, MTU and addresses; a default route through the first gateway when asked.
    /// </summary>
    public async Task PlugAsync(string netns, string inside, InstancePort port, bool defaultRoute)
    {
        var bridge = await BridgeAsync(port.NetworkId);
        var outside = NamespaceNames.FabricEnd(port.PortId);
        var mtu = port.Mtu.ToString(CultureInfo.InvariantCulture);
        await Shell.RunAsync("ip", "-n", names.Fabric, "link", "del", outside);
        await Shell.IpAsync("-n", netns, "link", "add", inside, "address", port.MacAddress, "mtu", mtu, "type", "veth", "peer", "name", outside, "netns", names.Fabric);
        await Shell.IpAsync("-n", names.Fabric, "link", "set", outside, "mtu", mtu, "master", bridge, "up");
        foreach (var address in port.Addresses)
        {
            await Shell.IpAsync("-n", netns, "addr", "add", address.IpAddress + "/" + address.PrefixLength.ToString(CultureInfo.InvariantCulture), "dev", inside);
        }

        await Shell.IpAsync("-n", netns, "link", "set", inside, "up");
        if (defaultRoute && port.Addresses.FirstOrDefault(a => a.Gateway is not null) is { Gateway: { } gateway })
        {
            await Shell.IpAsync("-n", netns, "route", "replace", "default", "via", gateway, "dev", inside);
        }
    }

    /// <summary>
    /// Plugs an instance's ports with as few processes as it can: one `ip -n FABRIC -batch` creates every veth pair from
    /// the fabric side (outer end on its bridge and up, inner end `ethN` with the port's MAC and MTU moved into
    /// <paramref name="netns"/>); ports whose `ethN` exists already (<paramref name="present"/>) are left as they are.
    /// Returns the `ip -batch` lines that configure the inner ends (addresses, up, the default route through the first
    /// port's gateway), to run inside the namespace once its firewall is in place. When the batch fails (a stale
    /// outer end), the ports are plugged one command at a time instead.
    /// </summary>
    public async Task<IReadOnlyList<string>> PlugAllAsync(string netns, IReadOnlyList<InstancePort> ports, IReadOnlySet<string> present)
    {
        var create = new StringBuilder();
        var inside = new List<string>();
        var missing = new List<(string Inside, InstancePort Port)>();
        for (var index = 0; index < ports.Count; index++)
        {
            var port = ports[index];
            var name = "eth" + index.ToString(CultureInfo.InvariantCulture);
            if (present.Contains(name))
            {
                continue;
            }

            var mtu = port.Mtu.ToString(CultureInfo.InvariantCulture);
            var bridge = await BridgeAsync(port.NetworkId);
            create.Append(CultureInfo.InvariantCulture, $"link add {NamespaceNames.FabricEnd(port.PortId)} mtu {mtu} master {bridge} up type veth peer name {name} address {port.MacAddress} mtu {mtu} netns {netns}\n");
            missing.Add((name, port));
            foreach (var address in port.Addresses)
            {
                inside.Add($"addr replace {address.IpAddress}/{address.PrefixLength.ToString(CultureInfo.InvariantCulture)} dev {name}");
            }

            inside.Add($"link set {name} up");
            if (index == 0 && port.Addresses.FirstOrDefault(a => a.Gateway is not null) is { Gateway: { } gateway })
            {
                inside.Add($"route replace default via {gateway} dev {name}");
            }
        }

        if (missing.Count > 0 && !(await Shell.RunAsync("ip", ["-n", names.Fabric, "-batch", "-"], create.ToString())).Ok)
        {
            foreach (var (name, port) in missing)
            {
                await Shell.RunAsync("ip", "-n", netns, "link", "del", name);
                await PlugAsync(netns, name, port, defaultRoute: name == "eth0");
            }

            return [];
        }

        return inside;
    }

    /// <summary>Removes the fabric end of a port (its pair goes with it); idempotent.</summary>
    public Task UnplugAsync(string portId) => Shell.RunAsync("ip", "-n", names.Fabric, "link", "del", NamespaceNames.FabricEnd(portId));

    /// <summary>Forgets what it knew (after the fabric namespace was removed).</summary>
    public void Reset()
    {
        _ready = false;
        _bridges.Clear();
    }

    /// <summary>Creates a network namespace (loopback still down) unless it exists; true when it was created now.</summary>
    public static async Task<bool> AddNetnsAsync(string netns)
    {
        if (File.Exists("/run/netns/" + netns))
        {
            return false;
        }

        var result = await Shell.RunAsync("ip", "netns", "add", netns);
        if (!result.Ok && !File.Exists("/run/netns/" + netns))
        {
            throw new HypervisorException("ip netns add " + netns + ": " + result.Error.Trim());
        }

        return result.Ok;
    }

    /// <summary>Runs `ip` commands in one process inside a namespace (`ip -n NS -batch`); throws when one fails.</summary>
    public static async Task BatchAsync(string netns, IEnumerable<string> commands)
    {
        var result = await Shell.RunAsync("ip", ["-n", netns, "-batch", "-"], string.Join('\n', commands) + "\n");
        if (!result.Ok)
        {
            throw new HypervisorException($"ip -n {netns} -batch: {result.Error.Trim()}");
        }
    }

    /// <summary>Creates a network namespace with its loopback up, when missing.</summary>
    public static async Task EnsureNetnsAsync(string netns)
    {
        if (!File.Exists("/run/netns/" + netns))
        {
            var result = await Shell.RunAsync("ip", "netns", "add", netns);
            if (!result.Ok && !File.Exists("/run/netns/" + netns))
            {
                throw new HypervisorException("ip netns add " + netns + ": " + result.Error.Trim());
            }
        }

        await Shell.IpAsync("-n", netns, "link", "set", "lo", "up");
    }

    /// <summary>The network namespaces on this machine.</summary>
    public static IReadOnlyList<string> ListNetns() =>
        Directory.Exists("/run/netns") ? [.. Directory.EnumerateFiles("/run/netns").Select(Path.GetFileName).OfType<string>()] : [];
}
