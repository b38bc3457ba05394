namespace Nuvola.Cloud.Network;

/// <summary>A project's quota overrides (resource → limit; -1 unlimited); missing resources take the defaults.</summary>
public sealed record QuotaRecord(string ProjectId, IReadOnlyDictionary<string, int> Limits)
{
    public static IReadOnlyDictionary<string, int> Defaults { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["network"] = 100,
        ["subnet"] = 100,
        ["port"] = 500,
        ["router"] = 10,
        ["floatingip"] = 50,
        ["security_group"] = 10,
        ["security_group_rule"] = 100,
        ["rbac_policy"] = 10,
        ["subnetpool"] = -1,
    };
}
