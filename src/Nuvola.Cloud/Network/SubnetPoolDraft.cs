namespace Nuvola.Cloud.Network;

/// <summary>A subnet pool to create; null bounds take Neutron's defaults (min 8 or 64, max 32 or 128, default = min).</summary>
public sealed record SubnetPoolDraft(
    string Name,
    string Description,
    string ProjectId,
    IReadOnlyList<string> Prefixes,
    int? DefaultPrefixLength,
    int? MinPrefixLength,
    int? MaxPrefixLength,
    int? DefaultQuota,
    bool Shared,
    bool IsDefault,
    string? AddressScopeId);
