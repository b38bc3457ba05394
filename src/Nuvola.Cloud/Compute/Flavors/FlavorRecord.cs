namespace Nuvola.Cloud.Compute.Flavors;

/// <summary>
/// A flavor (Nova's instance type). Ram in MiB, Disk/Ephemeral in GiB, Swap in MiB.
/// Private flavors (IsPublic false) are visible to admin and to the projects in <see cref="Projects"/>.
/// </summary>
public sealed record FlavorRecord(
    string Id,
    string Name,
    int Ram,
    int Vcpus,
    int Disk,
    int Ephemeral,
    int Swap,
    double RxtxFactor,
    bool IsPublic,
    string? Description,
    IReadOnlyDictionary<string, string> ExtraSpecs,
    IReadOnlyList<string> Projects,
    DateTimeOffset CreatedAt,
    bool Disabled = false)
{
    /// <summary>Whether a caller in <paramref name="projectId"/> (admin or not) may see and use this flavor.</summary>
    public bool IsVisibleTo(string? projectId, bool isAdmin) =>
        IsPublic || isAdmin || (projectId is not null && Projects.Contains(projectId));
}
