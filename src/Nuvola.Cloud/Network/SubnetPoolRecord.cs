namespace Nuvola.Cloud.Network;

/// <summary>
/// A subnet pool: the prefixes subnets are carved from, the bounds of their sizes, and how much one project may take
/// (DefaultQuota: IPv4 addresses or IPv6 /64s; null: no limit). One pool per IP version may be the default.
/// </summary>
public sealed record SubnetPoolRecord(
    string Id,
    string Name,
    string ProjectId,
    int IpVersion,
    IReadOnlyList<string> Prefixes,
    int DefaultPrefixLength,
    int MinPrefixLength,
    int MaxPrefixLength,
    int? DefaultQuota,
    bool Shared,
    bool IsDefault,
    string? AddressScopeId,
    StandardAttributes Standard) : INeutronObject
{
    public bool IsVisibleTo(string? projectId, bool isAdmin) => isAdmin || Shared || ProjectId == projectId;

    /// <summary>The pool's prefixes as CIDRs.</summary>
    public IReadOnlyList<Cidr> Cidrs() => PrefixSet.Parse(Prefixes);
}

/// <summary>An address scope: pools in one scope never overlap, so their addresses route without NAT.</summary>
public sealed record AddressScopeRecord(string Id, string Name, string ProjectId, int IpVersion, bool Shared)
{
    public bool IsVisibleTo(string? projectId, bool isAdmin) => isAdmin || Shared || ProjectId == projectId;
}
