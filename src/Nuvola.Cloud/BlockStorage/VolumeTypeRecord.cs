namespace Nuvola.Cloud.BlockStorage;

/// <summary>A Cinder volume type with its extra specs.</summary>
public sealed record VolumeTypeRecord(
    string Id,
    string Name,
    string? Description,
    bool IsPublic,
    IReadOnlyDictionary<string, string> ExtraSpecs);
