namespace Nuvola.Cloud.Hypervisors.Namespaces.Networking;

/// <summary>A port as the hypervisor plugs it: the network (its bridge), the MAC, and the IPv4 addresses with their subnets.</summary>
public sealed record InstancePort(string PortId, string NetworkId, string MacAddress, int Mtu, IReadOnlyList<InstanceAddress> Addresses);

/// <summary>A fixed IPv4 address, its subnet's prefix length, and the subnet's gateway (null: none).</summary>
public sealed record InstanceAddress(string IpAddress, int PrefixLength, string? Gateway);
