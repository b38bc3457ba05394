namespace Nuvola.Cloud.Identity;

public sealed record ProjectRecord(
    string Id,
    string Name,
    string DomainId,
    string Description,
    bool Enabled,
    string? ParentId = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyDictionary<string, string>? Extra = null);
