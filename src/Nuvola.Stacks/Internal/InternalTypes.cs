namespace Nuvola.Stacks;

/// <summary>The resource types the stack service runs itself (no cloud call).</summary>
internal static class InternalTypes
{
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        "OS::Heat::RandomString", "OS::Heat::Value", "OS::Heat::None", "OS::Heat::TestResource",
        "OS::Heat::SoftwareConfig", "OS::Heat::StructuredConfig", "OS::Heat::CloudConfig", "OS::Heat::MultipartMime",
        "OS::Heat::WaitConditionHandle", "OS::Heat::WaitCondition", "OS::Heat::ScalingPolicy",
        "OS::Heat::ResourceGroup", "OS::Heat::AutoScalingGroup", "OS::Heat::Stack",
        "OS::Heat::SoftwareDeployment", "OS::Heat::SoftwareDeployments", "OS::Heat::SoftwareDeploymentGroup",
        "OS::Heat::StructuredDeployment", "OS::Heat::StructuredDeployments", "OS::Heat::StructuredDeploymentGroup",
    };

    public static bool IsInternal(string type) => Types.Contains(type) || IsTemplateReference(type);

    /// <summary>A type naming a template (a nested stack's aggregate node).</summary>
    public static bool IsTemplateReference(string type) =>
        type.StartsWith("http://", StringComparison.Ordinal) || type.StartsWith("https://", StringComparison.Ordinal) ||
        type.StartsWith("file://", StringComparison.Ordinal) ||
        type.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || type.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) ||
        type.EndsWith(".template", StringComparison.OrdinalIgnoreCase);

    /// <summary>Types whose attributes follow from their properties: an update changes what get_attr reads.</summary>
    public static bool AttributesFollowProperties(string type) => IsInternal(type);
}
