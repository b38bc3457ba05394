namespace Nuvola.Cloud.Compute.Limits;

/// <summary>Nova's default quotas, and which resources each microversion shows.</summary>
public static class QuotaDefaults
{
    public const string Instances = "instances";
    public const string Cores = "cores";
    public const string Ram = "ram";
    public const string KeyPairs = "key_pairs";
    public const string ServerGroups = "server_groups";
    public const string ServerGroupMembers = "server_group_members";
    public const string MetadataItems = "metadata_items";

    /// <summary>Network-proxy quotas shown before 2.36.</summary>
    public static readonly string[] NetworkResources = ["fixed_ips", "floating_ips", "security_group_rules", "security_groups"];

    /// <summary>Personality quotas shown before 2.57.</summary>
    public static readonly string[] FileResources = ["injected_file_content_bytes", "injected_file_path_bytes", "injected_files"];

    public static readonly IReadOnlyDictionary<string, int> Values = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [Cores] = 20,
        ["fixed_ips"] = -1,
        ["floating_ips"] = 10,
        ["injected_file_content_bytes"] = 10240,
        ["injected_file_path_bytes"] = 255,
        ["injected_files"] = 5,
        [Instances] = 10,
        [KeyPairs] = 100,
        [MetadataItems] = 128,
        [Ram] = 51200,
        ["security_group_rules"] = 20,
        ["security_groups"] = 10,
        [ServerGroupMembers] = 10,
        [ServerGroups] = 10,
    };

    /// <summary>The resources a response shows at this microversion, in Nova's order.</summary>
    public static IEnumerable<string> Visible(bool before236, bool before257) =>
        Values.Keys
            .Where(k => before236 || !NetworkResources.Contains(k))
            .Where(k => before257 || !FileResources.Contains(k))
            .Order(StringComparer.Ordinal);
}
