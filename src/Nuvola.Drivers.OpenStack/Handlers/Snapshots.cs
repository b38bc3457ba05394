using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>Builds <see cref="ResourceSnapshot"/>s from JSON nodes.</summary>
internal static class Snapshots
{
    public static ResourceSnapshot Of(string id, JsonObject attributes, JsonObject properties) =>
        new(id, Element(attributes), Element(properties));

    /// <summary>After a create or update: the attributes read back, the properties as applied.</summary>
    public static ResourceSnapshot Applied(string id, JsonObject attributes, ResourceSpec spec) =>
        new(id, Element(attributes), spec.Properties.Clone());

    public static JsonElement Element(JsonNode node) => JsonSerializer.SerializeToElement(node);

    /// <summary>Picks the named fields of <paramref name="source"/> that are present (copies).</summary>
    public static JsonObject Pick(JsonObject source, params string[] names)
    {
        var result = new JsonObject();
        foreach (var name in names)
        {
            if (source.TryGetPropertyValue(name, out var value))
            {
                result[name] = value?.DeepClone();
            }
        }

        return result;
    }
}
