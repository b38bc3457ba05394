using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Network;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Networking;

/// <summary>
/// Keeps the machine in step with Network's records: a namespace per router (PREFIX-r-ID, forwarding between its
/// interfaces, floating IPs as DNAT/SNAT on its gateway interface), the cloud's access point on the external network
/// (<see cref="Access"/>: the one host-side interface PREFIX-ext holding the external subnet's gateway address so that the
/// host reaches floating IPs, or, when that subnet overlaps the host's own networks, the namespace PREFIX-access holding
/// it instead), and each instance's security group table. It runs after every boot and delete, and once a second to follow API changes;
/// each object is rewritten only when what it should be changed. Routers get no default route: nothing leaves the
/// cloud's own networks.
/// </summary>
public sealed partial class NetworkReconciler(NamespaceHypervisor hypervisor, NetworkStore network, CloudOptions options, ILogger<NetworkReconciler> logger)
{
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Dictionary<string, string> _routerLinks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _routerNat = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _firewalls = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private TaskCompletionSource? _queued;
    private string? _externalAccess;

    /// <summary>The access namespace's interface on the external network (its peer in the fabric is ext0).</summary>
    public const string AccessInterface = "gw0";

    private NamespaceNames Names => hypervisor.Names;

    /// <summary>
    /// A pass that starts after this call; errors are logged and retried on the next pass. Calls made while a pass waits
    /// to start share it (20 boots at once ask for 20 passes; a few run), so each instance's table is rewritten a few
    /// times, not once per boot.
    /// </summary>
    public Task ReconcileAsync()
    {
        TaskCompletionSource queued;
        var start = false;
        lock (_gate)
        {
            if (_queued is null)
            {
                _queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                start = true;
            }

            queued = _queued;
        }

        if (start)
        {
            _ = PassAsync(queued);
        }

        return queued.Task;
    }

    private async Task PassAsync(TaskCompletionSource done)
    {
        await _sync.WaitAsync();
        lock (_gate)
        {
            if (_queued == done)
            {
                _queued = null;
            }
        }

        try
        {
            await hypervisor.Fabric.EnsureAsync();
            await Step("external access", ReconcileExternalAccessAsync);
            await Step("routers", ReconcileRoutersAsync);
            await Step("security groups", ReconcileFirewallsAsync);
            done.SetResult();
        }
        catch (Exception failure)
        {
            done.SetException(failure);
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>
    /// Loads one instance's security group table now (a booting instance: before its ports come up), without waiting
    /// for a whole pass; the next pass brings the other instances' remote-group members up to date.
    /// </summary>
    public async Task ApplyFirewallAsync(string instanceId)
    {
        var netns = Names.Instance(instanceId);
        var script = RenderFirewall(instanceId, FirewallInputs());
        await Shell.NftAsync(netns, script);
        _firewalls[instanceId] = script;
    }

    /// <summary>Forgets what was applied (after everything was removed).</summary>
    public void Reset()
    {
        _routerLinks.Clear();
        _routerNat.Clear();
        _firewalls.Clear();
        _externalAccess = null;
        Access = null;
    }

    /// <summary>Where the cloud stands on its external network (null until the first pass, or with no external IPv4 subnet).</summary>
    public ExternalAccessPoint? Access { get; private set; }

    private async Task Step(string what, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (HypervisorException failure)
        {
            LogStepFailed(logger, what, failure.Message);
        }
    }

    private async Task ReconcileExternalAccessAsync()
    {
        var external = network.Networks.Values.Where(n => n.External).OrderBy(n => n.Standard.CreatedAt).ThenBy(n => n.Id, StringComparer.Ordinal)
            .Select(n => (Network: n, Subnet: network.SubnetsOf(n.Id).FirstOrDefault(s => s.IpVersion == 4 && s.GatewayIp is not null)))
            .FirstOrDefault(x => x.Subnet is not null);
        var desired = external.Subnet is { } subnet ? $"{external.Network.Id} {subnet.GatewayIp}/{subnet.Cidr.Split('/')[1]}" : string.Empty;
        if (desired == _externalAccess)
        {
            return;
        }

        var name = Names.HostInterface;
        Access = null;
        await Shell.RunAsync("ip", "link", "del", name);
        await Shell.RunAsync("ip", "-n", Names.Fabric, "link", "del", "ext0");
        if (File.Exists("/run/netns/" + Names.Access))
        {
            await Shell.RunAsync("ip", "netns", "del", Names.Access);
        }

        if (external.Subnet is not { } ext)
        {
            _externalAccess = desired;
            return;
        }

        var address = $"{ext.GatewayIp}/{ext.Cidr.Split('/')[1]}";
        var bridge = await hypervisor.Fabric.BridgeAsync(external.Network.Id);
        var clash = options.HostInterface ? HostOverlap(ext.Cidr, name) : "the host interface is turned off";
        if (clash is null)
        {
            await Shell.IpAsync("link", "add", name, "type", "veth", "peer", "name", "ext0", "netns", Names.Fabric);
            await Shell.IpAsync("-n", Names.Fabric, "link", "set", "ext0", "master", bridge, "up");
            await Shell.IpAsync("addr", "add", address, "dev", name);
            await Shell.IpAsync("link", "set", name, "up");
            Access = new ExternalAccessPoint(external.Network.Id, ext.Cidr, ext.GatewayIp!, Netns: null, Device: name);
        }
        else
        {
            // The gateway address goes into a namespace of the cloud's own instead: the host's networks stay untouched,
            // and `nuvola cloud proxy` still reaches floating IPs from there.
            if (options.HostInterface)
            {
                LogHostInterfaceSkipped(logger, ext.Cidr, clash, Names.Access);
            }

            await Fabric.EnsureNetnsAsync(Names.Access);
            await Shell.IpAsync("-n", Names.Access, "link", "add", AccessInterface, "type", "veth", "peer", "name", "ext0", "netns", Names.Fabric);
            await Shell.IpAsync("-n", Names.Fabric, "link", "set", "ext0", "master", bridge, "up");
            await Shell.IpAsync("-n", Names.Access, "addr", "add", address, "dev", AccessInterface);
            await Shell.IpAsync("-n", Names.Access, "link", "set", AccessInterface, "up");
            Access = new ExternalAccessPoint(external.Network.Id, ext.Cidr, ext.GatewayIp!, Netns: Names.Access, Device: null);
        }

        _externalAccess = desired;
    }

    /// <summary>A host address or route that overlaps <paramref name="cidr"/> (the host's own networks win: no interface then); null when none.</summary>
    public static string? HostOverlap(string cidr, string ownInterface)
    {
        var lines = Shell.RunAsync("ip", "-4", "-o", "route", "show", "table", "all").GetAwaiter().GetResult().Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var start = fields.Length > 1 && fields[0] is "local" or "broadcast" or "unicast" ? 1 : 0;
            if (fields.Length <= start || fields[start] == "default" || line.Contains("dev " + ownInterface + " ", StringComparison.Ordinal) || line.EndsWith("dev " + ownInterface, StringComparison.Ordinal))
            {
                continue;
            }

            if (fields[start] is "127.0.0.0/8" or "127.0.0.1" or "127.255.255.255" || fields[start].StartsWith("127.", StringComparison.Ordinal))
            {
                continue;
            }

            if (Overlaps(cidr, fields[start].Contains('/', StringComparison.Ordinal) ? fields[start] : fields[start] + "/32"))
            {
                return line.Trim();
            }
        }

        return null;
    }

    /// <summary>Whether two IPv4 CIDRs share an address.</summary>
    public static bool Overlaps(string a, string b)
    {
        if (!TryParse(a, out var na, out var pa) || !TryParse(b, out var nb, out var pb))
        {
            return false;
        }

        var prefix = Math.Min(pa, pb);
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return (na & mask) == (nb & mask);
    }

    private static bool TryParse(string cidr, out uint address, out int prefix)
    {
        address = 0;
        prefix = 0;
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > 32)
        {
            return false;
        }

        var bytes = ip.GetAddressBytes();
        address = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        return true;
    }

    private async Task ReconcileRoutersAsync()
    {
        var desired = new Dictionary<string, (string Links, string Nat, List<(string Name, InstancePort Port)> Interfaces, string? Gateway)>(StringComparer.Ordinal);
        foreach (var router in network.Routers.Values)
        {
            var interfaces = network.InterfacesOf(router.Id)
                .Select(p => (Name: NamespaceNames.RouterEnd("qr-", p.Id), Port: NamespaceHypervisor.ToInstancePort(network, p))).ToList();
            var gatewayPort = router.Gateway is { } g ? network.Ports.Find(g.PortId) : null;
            if (gatewayPort is not null)
            {
                interfaces.Add((NamespaceNames.RouterEnd("qg-", gatewayPort.Id), NamespaceHypervisor.ToInstancePort(network, gatewayPort)));
            }

            if (interfaces.Count == 0)
            {
                continue;
            }

            var links = string.Join(';', interfaces.Select(i => $"{i.Name},{i.Port.NetworkId},{i.Port.MacAddress},{string.Join('+', i.Port.Addresses.Select(a => a.IpAddress + "/" + a.PrefixLength))}"));
            var gatewayName = gatewayPort is null ? null : NamespaceNames.RouterEnd("qg-", gatewayPort.Id);
            desired[router.Id] = (links, RenderNat(router, gatewayName, gatewayPort, interfaces), interfaces, gatewayName);
        }

        foreach (var netns in Fabric.ListNetns())
        {
            if (Names.RouterIdOf(netns) is { } id && !desired.ContainsKey(id))
            {
                await Shell.RunAsync("ip", "netns", "del", netns);
                _routerLinks.Remove(id);
                _routerNat.Remove(id);
            }
        }

        foreach (var (id, router) in desired)
        {
            var netns = Names.Router(id);
            if (!_routerLinks.TryGetValue(id, out var applied) || applied != router.Links || !File.Exists("/run/netns/" + netns))
            {
                _routerLinks.Remove(id);
                _routerNat.Remove(id);
                if (File.Exists("/run/netns/" + netns))
                {
                    await Shell.RunAsync("ip", "netns", "del", netns);
                }

                foreach (var (_, port) in router.Interfaces)
                {
                    await hypervisor.Fabric.UnplugAsync(port.PortId);
                }

                await Fabric.EnsureNetnsAsync(netns);
                await Shell.CheckAsync("ip", "netns", "exec", netns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
                foreach (var (name, port) in router.Interfaces)
                {
                    await hypervisor.Fabric.PlugAsync(netns, name, port, defaultRoute: false);
                }

                _routerLinks[id] = router.Links;
            }

            if (!_routerNat.TryGetValue(id, out var nat) || nat != router.Nat)
            {
                await ApplyFloatingAddressesAsync(id, netns, router.Gateway, router.Interfaces);
                await Shell.NftAsync(netns, router.Nat);
                _routerNat[id] = router.Nat;
            }
        }
    }

    /// <summary>The gateway interface holds its own address plus each floating IP (/32), so it answers ARP for them.</summary>
    private async Task ApplyFloatingAddressesAsync(string routerId, string netns, string? gateway, List<(string Name, InstancePort Port)> interfaces)
    {
        if (gateway is null)
        {
            return;
        }

        var own = interfaces.First(i => i.Name == gateway).Port.Addresses.Select(a => a.IpAddress).ToHashSet(StringComparer.Ordinal);
        var wanted = FloatingIpsOf(routerId).Select(f => f.FloatingIpAddress).ToHashSet(StringComparer.Ordinal);
        var present = (await Shell.IpAsync("-n", netns, "-4", "-o", "addr", "show", "dev", gateway))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length > 3).Select(f => f[3])
            .ToList();
        foreach (var address in present.Where(a => a.EndsWith("/32", StringComparison.Ordinal) && !wanted.Contains(a[..^3]) && !own.Contains(a[..^3])))
        {
            await Shell.RunAsync("ip", "-n", netns, "addr", "del", address, "dev", gateway);
        }

        foreach (var address in wanted.Where(a => !present.Contains(a + "/32")))
        {
            await Shell.IpAsync("-n", netns, "addr", "add", address + "/32", "dev", gateway);
        }
    }

    private IEnumerable<FloatingIpRecord> FloatingIpsOf(string routerId) =>
        network.FloatingIps.Values.Where(f => f.RouterId == routerId && f.PortId is not null && f.FixedIpAddress is not null && !f.FloatingIpAddress.Contains(':', StringComparison.Ordinal))
            .OrderBy(f => f.FloatingIpAddress, StringComparer.Ordinal);

    private string RenderNat(RouterRecord router, string? gateway, PortRecord? gatewayPort, List<(string Name, InstancePort Port)> interfaces)
    {
        var text = new StringBuilder("table ip nuvola_nat\ndelete table ip nuvola_nat\ntable ip nuvola_nat {\n");
        text.Append("  chain prerouting {\n    type nat hook prerouting priority dstnat;\n");
        var floating = gateway is null ? [] : FloatingIpsOf(router.Id).ToList();
        foreach (var ip in floating)
        {
            text.Append("    ip daddr ").Append(ip.FloatingIpAddress).Append(" dnat to ").Append(ip.FixedIpAddress).Append('\n');
        }

        text.Append("  }\n  chain postrouting {\n    type nat hook postrouting priority srcnat;\n");
        foreach (var ip in floating)
        {
            text.Append("    oifname \"").Append(gateway).Append("\" ip saddr ").Append(ip.FixedIpAddress).Append(" snat to ").Append(ip.FloatingIpAddress).Append('\n');
        }

        var gatewayAddress = gatewayPort?.FixedIps.FirstOrDefault(f => !f.IpAddress.Contains(':', StringComparison.Ordinal))?.IpAddress;
        if (gateway is not null && gatewayAddress is not null && router.Gateway is { EnableSnat: true })
        {
            text.Append("    oifname \"").Append(gateway).Append("\" snat to ").Append(gatewayAddress).Append('\n');
        }

        text.Append("  }\n}\n");
        return text.ToString();
    }

    private async Task ReconcileFirewallsAsync()
    {
        var inputs = FirewallInputs();
        var running = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instanceId in hypervisor.KnownInstances())
        {
            var netns = Names.Instance(instanceId);
            if (!File.Exists("/run/netns/" + netns))
            {
                continue;
            }

            running.Add(instanceId);
            var script = RenderFirewall(instanceId, inputs);
            if (_firewalls.TryGetValue(instanceId, out var applied) && applied == script)
            {
                continue;
            }

            try
            {
                await Shell.NftAsync(netns, script);
                _firewalls[instanceId] = script;
            }
            catch (HypervisorException failure)
            {
                // One namespace (being made or removed by a boot or a delete right now) does not hold the others back.
                LogStepFailed(logger, "security groups of " + instanceId, failure.Message);
            }
        }

        foreach (var gone in _firewalls.Keys.Where(k => !running.Contains(k)).ToList())
        {
            _firewalls.TryRemove(gone, out _);
        }
    }

    /// <summary>What every instance's table is made of: the rules of each group and the fixed addresses of each group's ports.</summary>
    private (Dictionary<string, List<SecurityGroupRuleRecord>> Rules, Dictionary<string, List<string>> Members) FirewallInputs()
    {
        var groupMembers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var port in network.Ports.Values)
        {
            foreach (var group in port.SecurityGroups)
            {
                if (!groupMembers.TryGetValue(group, out var list))
                {
                    groupMembers[group] = list = [];
                }

                list.AddRange(port.FixedIps.Select(f => f.IpAddress));
            }
        }

        var rules = network.SecurityGroupRules.Values.GroupBy(r => r.SecurityGroupId)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Standard.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        return (rules, groupMembers);
    }

    private string RenderFirewall(string instanceId, (Dictionary<string, List<SecurityGroupRuleRecord>> Rules, Dictionary<string, List<string>> Members) inputs)
    {
        var ports = network.Ports.Values
            .Where(p => p.DeviceId == instanceId && p.DeviceOwner.StartsWith("compute:", StringComparison.Ordinal))
            .OrderBy(p => p.ServerOrder).ThenBy(p => p.Standard.CreatedAt)
            .Select((p, index) => new FirewalledPort("eth" + index.ToString(CultureInfo.InvariantCulture), p.SecurityGroups, p.PortSecurityEnabled))
            .ToList();
        return SecurityGroupRuleset.Render(
            ports,
            group => inputs.Rules.TryGetValue(group, out var list) ? list : [],
            group => inputs.Members.TryGetValue(group, out var list) ? list : []);
    }

    [LoggerMessage(EventId = 71, Level = LogLevel.Warning, Message = "Namespace networking: {What}: {Reason}")]
    private static partial void LogStepFailed(ILogger logger, string what, string reason);

    [LoggerMessage(EventId = 72, Level = LogLevel.Warning, Message = "No host interface for the external subnet {Cidr}: it overlaps the host's own network ({Route}); its gateway address is in the namespace {Netns} instead, and floating IPs are reachable with `nuvola cloud proxy` (e.g. ssh -o ProxyCommand='nuvola cloud proxy %h %p')")]
    private static partial void LogHostInterfaceSkipped(ILogger logger, string cidr, string route, string netns);
}
