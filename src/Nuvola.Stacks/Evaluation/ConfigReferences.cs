using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Engine.Applying;
using Nuvola.Stacks.Expansion;

namespace Nuvola.Stacks.Evaluation;

/// <summary>
/// Heat passes a software config by id: a server's user_data or a MultipartMime part that holds the id of a
/// SoftwareConfig, CloudConfig or MultipartMime of the stack gets that config's text instead.
/// </summary>
internal static class ConfigReferences
{
    private static readonly HashSet<string> ConfigTypes = new(StringComparer.Ordinal)
    {
        "OS::Heat::SoftwareConfig", "OS::Heat::CloudConfig", "OS::Heat::MultipartMime", "OS::Heat::StructuredConfig",
    };

    public static JsonElement Inline(string type, JsonElement properties, StackGraph graph, IAppliedResources applied)
    {
        if (type is not ("OS::Nova::Server" or "OS::Heat::MultipartMime") || properties.ValueKind != JsonValueKind.Object)
        {
            return properties;
        }

        var configs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in graph.Order.Where(n => ConfigTypes.Contains(n.Type)))
        {
            if (applied.Get(node.Name) is { PhysicalId: { } id } record && record.Attributes.ValueKind == JsonValueKind.Object &&
                record.Attributes.TryGetProperty("config", out var config))
            {
                configs[id] = config.ValueKind == JsonValueKind.String ? config.GetString()! : config.GetRawText();
            }
        }

        if (configs.Count == 0)
        {
            return properties;
        }

        var root = JsonNode.Parse(properties.GetRawText())!.AsObject();
        if (type == "OS::Nova::Server" && root["user_data"] is JsonValue v && v.TryGetValue<string>(out var s) &&
            configs.TryGetValue(s, out var text))
        {
            root["user_data"] = text;
        }

        if (type == "OS::Heat::MultipartMime" && root["parts"] is JsonArray parts)
        {
            foreach (var part in parts.OfType<JsonObject>())
            {
                if (part["config"] is JsonValue c && c.TryGetValue<string>(out var id) && configs.TryGetValue(id, out var t))
                {
                    part["config"] = t;
                }
            }
        }

        return JsonSerializer.SerializeToElement(root);
    }
}
