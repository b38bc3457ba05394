namespace Nuvola.Cloud.Compute.ServerGroups;

/// <summary>
/// A server group (Nova's instance group): one policy, the rules of anti-affinity (max_server_per_host), and its
/// members, the servers created with the scheduler hint "group" (a deleted server leaves its group).
/// </summary>
public sealed record ServerGroupRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string ProjectId { get; init; }

    public required string UserId { get; init; }

    /// <summary>affinity, anti-affinity, soft-affinity or soft-anti-affinity.</summary>
    public required string Policy { get; init; }

    /// <summary>The anti-affinity rule max_server_per_host; null when not given (one server per host).</summary>
    public int? MaxServerPerHost { get; init; }

    public IReadOnlyList<string> Members { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Nova's server group policies.</summary>
public static class ServerGroupPolicies
{
    public const string Affinity = "affinity";
    public const string AntiAffinity = "anti-affinity";
    public const string SoftAffinity = "soft-affinity";
    public const string SoftAntiAffinity = "soft-anti-affinity";

    /// <summary>The policies before 2.15 (the soft ones came with 2.15).</summary>
    public static readonly string[] Hard = [AntiAffinity, Affinity];

    public static readonly string[] All = [AntiAffinity, Affinity, SoftAntiAffinity, SoftAffinity];
}
