namespace Nuvola.Cloud.Network;

/// <summary>A rule of a security group. Protocol null is any; port range null is all ports (for ICMP: type and code).</summary>
public sealed record SecurityGroupRuleRecord(
    string Id,
    string SecurityGroupId,
    string ProjectId,
    string Direction,
    string Ethertype,
    string? Protocol,
    int? PortRangeMin,
    int? PortRangeMax,
    string? RemoteIpPrefix,
    string? RemoteGroupId,
    StandardAttributes Standard) : INeutronObject
{
    /// <summary>Whether two rules mean the same thing (Neutron refuses the second with SecurityGroupRuleExists).</summary>
    public bool SameAs(SecurityGroupRuleRecord other) =>
        SecurityGroupId == other.SecurityGroupId && Direction == other.Direction && Ethertype == other.Ethertype
        && Protocol == other.Protocol && PortRangeMin == other.PortRangeMin && PortRangeMax == other.PortRangeMax
        && RemoteIpPrefix == other.RemoteIpPrefix && RemoteGroupId == other.RemoteGroupId;
}
