namespace Nuvola.Cloud.Network;

/// <summary>
/// The addresses (per subnet, as numbers) and MACs (per network) ports hold, derived from Ports. Port creation asks it
/// instead of scanning every port; it is valid for one Ports.Version and is carried forward by the writer that holds
/// Ports.Sync, rebuilt whenever anything else changed the ports.
/// </summary>
public sealed class AddressIndex
{
    private readonly Dictionary<string, HashSet<UInt128>> _bySubnet = new(StringComparer.Ordinal);
    private readonly HashSet<string> _macs = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<(string NetworkId, string Mac)> _networkMacs = new(new MacComparer());

    private AddressIndex(long version) => Version = version;

    public long Version { get; private set; }

    public static AddressIndex Build(IEnumerable<PortRecord> ports, long version)
    {
        var index = new AddressIndex(version);
        foreach (var port in ports)
        {
            index.Add(port);
        }

        return index;
    }

    public bool IsUsed(string subnetId, UInt128 address) => _bySubnet.TryGetValue(subnetId, out var set) && set.Contains(address);

    public bool MacInUse(string mac) => _macs.Contains(mac);

    public bool MacInUse(string networkId, string mac) => _networkMacs.Contains((networkId, mac));

    /// <summary>Records a port just put; the index stays valid only if that put was the one change since <paramref name="before"/>.</summary>
    public bool Advance(PortRecord port, long before, long after)
    {
        if (Version != before || after != before + 1)
        {
            return false;
        }

        Add(port);
        Version = after;
        return true;
    }

    private void Add(PortRecord port)
    {
        _macs.Add(port.MacAddress);
        _networkMacs.Add((port.NetworkId, port.MacAddress));
        foreach (var ip in port.FixedIps)
        {
            if (IpMath.TryParseAddress(ip.IpAddress, out var value, out _))
            {
                if (!_bySubnet.TryGetValue(ip.SubnetId, out var set))
                {
                    _bySubnet[ip.SubnetId] = set = [];
                }

                set.Add(value);
            }
        }
    }

    private sealed class MacComparer : IEqualityComparer<(string NetworkId, string Mac)>
    {
        public bool Equals((string NetworkId, string Mac) x, (string NetworkId, string Mac) y) =>
            string.Equals(x.NetworkId, y.NetworkId, StringComparison.Ordinal) && string.Equals(x.Mac, y.Mac, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string NetworkId, string Mac) obj) =>
            HashCode.Combine(StringComparer.Ordinal.GetHashCode(obj.NetworkId), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Mac));
    }
}
