using System.Text.Json.Nodes;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// The engine's tags as OpenStack tags ("nuvola-stack=NAME", "nuvola-resource=NAME") for objects with tags
/// (Neutron, Nova servers, Glance images), or as metadata keys (Cinder volumes).
/// </summary>
internal static class Tags
{
    public static IEnumerable<string> Of(ResourceSpec spec) => spec.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}");

    public static string StackTag(string stack) => $"{EngineTags.Stack}={stack}";

    /// <summary>The user's tags (a HOT "tags" property) plus the engine's.</summary>
    public static JsonArray With(ResourceSpec spec, IEnumerable<string> userTags) =>
        [.. userTags.Concat(Of(spec)).Distinct(StringComparer.Ordinal).Select(t => (JsonNode?)t)];

    /// <summary>The logical name recorded in an object's tags, or null.</summary>
    public static string? LogicalName(JsonNode? tags) =>
        (tags as JsonArray)?.Select(Props.StrOf).OfType<string>()
            .FirstOrDefault(t => t.StartsWith(EngineTags.LogicalName + "=", StringComparison.Ordinal))?[(EngineTags.LogicalName.Length + 1)..];

    /// <summary>Tags without the engine's own (what the user's "tags" property reads back as).</summary>
    public static JsonArray UserTags(JsonNode? tags) =>
        [.. ((tags as JsonArray)?.Select(Props.StrOf).OfType<string>() ?? [])
            .Where(t => !t.StartsWith(EngineTags.Stack + "=", StringComparison.Ordinal) && !t.StartsWith(EngineTags.LogicalName + "=", StringComparison.Ordinal))
            .Select(t => (JsonNode?)t)];
}
