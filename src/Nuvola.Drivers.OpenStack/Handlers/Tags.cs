using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// The engine's tags as OpenStack tags ("nuvola-stack=NAME", "nuvola-resource=NAME") for objects with tags
/// (Neutron, Nova servers, Glance images), or as metadata keys (Cinder volumes). Neutron and Nova allow 60 characters
/// without ',' (Nova also without '/'): a longer or unfit tag becomes "KEY#" + 24 hex digits of the value's SHA-256,
/// still searchable for the stack; such a logical name cannot be read back from the tag (servers keep it in metadata).
/// </summary>
internal static class Tags
{
    private const int MaxLength = 60;

    public static IEnumerable<string> Of(ResourceSpec spec) => spec.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => Tag(t.Key, t.Value));

    public static string StackTag(string stack) => Tag(EngineTags.Stack, stack);

    /// <summary>"KEY=VALUE", or "KEY#HASH" when that does not fit OpenStack's tag rules.</summary>
    public static string Tag(string key, string value)
    {
        var plain = $"{key}={value}";
        return plain.Length <= MaxLength && !plain.Contains(',', StringComparison.Ordinal) && !plain.Contains('/', StringComparison.Ordinal)
            ? plain
            : $"{key}#{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..24]}";
    }

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
            .Where(t => !IsEngineTag(t))
            .Select(t => (JsonNode?)t)];

    /// <summary>
    /// POST /{collection} {singular: body} with the tags in the body (Neutron's tag-creation), so that an object never
    /// exists without the engine's marks and a run killed right after the create still finds it by its tags. A
    /// Neutron that refuses "tags" on create (older than the extension: 400 naming the attribute) gets the plain
    /// POST; Tagged is then false and the caller tags with PUT /{collection}/{id}/tags.
    /// </summary>
    public static async Task<(JsonNode Created, bool Tagged)> PostTaggedAsync(ResourceApi api, string path, string singular, JsonObject body,
        JsonArray? tags, CancellationToken cancellationToken)
    {
        if (tags is null)
        {
            return (await api.PostAsync(ServiceTypes.Network, path, new JsonObject { [singular] = body }, cancellationToken).ConfigureAwait(false), false);
        }

        var tagged = (JsonObject)body.DeepClone();
        tagged["tags"] = tags.DeepClone();
        try
        {
            return (await api.PostAsync(ServiceTypes.Network, path, new JsonObject { [singular] = tagged }, cancellationToken).ConfigureAwait(false), true);
        }
        catch (OpenStackApiException refused) when (refused.StatusCode == 400
            && refused.CloudMessage?.Contains("Unrecognized attribute", StringComparison.OrdinalIgnoreCase) == true
            && refused.CloudMessage.Contains("tags", StringComparison.Ordinal))
        {
            return (await api.PostAsync(ServiceTypes.Network, path, new JsonObject { [singular] = body }, cancellationToken).ConfigureAwait(false), false);
        }
    }

    private static bool IsEngineTag(string tag) =>
        tag.StartsWith(EngineTags.Stack + "=", StringComparison.Ordinal) || tag.StartsWith(EngineTags.LogicalName + "=", StringComparison.Ordinal)
        || tag.StartsWith(EngineTags.Stack + "#", StringComparison.Ordinal) || tag.StartsWith(EngineTags.LogicalName + "#", StringComparison.Ordinal);
}
