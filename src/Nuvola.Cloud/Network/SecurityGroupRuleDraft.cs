namespace Nuvola.Cloud.Network;

/// <summary>
/// A rule to add to a group, as Neutron's API takes it (strings are validated by
/// <see cref="SecurityGroupService.CreateRule"/>): Direction ingress|egress, Ethertype IPv4|IPv6, Protocol a name
/// (tcp, udp, icmp, ...), a number 0-255 or null (any), ports 1-65535 (ICMP: type and code 0-255).
/// </summary>
public sealed record SecurityGroupRuleDraft(
    string SecurityGroupId,
    string Direction = "ingress",
    string Ethertype = "IPv4",
    string? Protocol = null,
    int? PortRangeMin = null,
    int? PortRangeMax = null,
    string? RemoteIpPrefix = null,
    string? RemoteGroupId = null,
    string Description = "");
