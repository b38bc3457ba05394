using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using YamlDotNet.RepresentationModel;

namespace Nuvola.Cloud.Orchestration;

/// <summary>Environments as the API receives them (YAML or JSON text, or an object) and as it echoes them.</summary>
public static class EnvironmentText
{
    private static readonly HashSet<string> Sections = new(StringComparer.Ordinal)
    {
        "parameters", "parameter_defaults", "resource_registry", "event_sinks", "encrypted_param_names", "parameter_merge_strategies",
    };

    public static JsonObject ToObject(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var node = YamlText.ToJson(text, "environment");
        return node as JsonObject ?? throw ApiException.BadRequest("The environment is not a valid YAML mapping data type.", "StackValidationFailed");
    }

    public static void CheckSections(JsonObject environment)
    {
        foreach (var (key, _) in environment)
        {
            if (!Sections.Contains(key))
            {
                throw ApiException.BadRequest($"environment has wrong section \"{key}\"", "StackValidationFailed");
            }
        }
    }

    /// <summary>The environment as Heat echoes it: the four sections always present, resource_registry with `resources`.</summary>
    public static JsonObject Normalised(JsonObject environment, IEnumerable<string> nestedTemplateTypes)
    {
        var registry = environment["resource_registry"] as JsonObject is { } r ? (JsonObject)r.DeepClone() : [];
        registry["resources"] ??= new JsonObject();
        foreach (var type in nestedTemplateTypes)
        {
            registry[type] ??= type;
        }

        return new JsonObject
        {
            ["parameters"] = environment["parameters"]?.DeepClone() ?? new JsonObject(),
            ["parameter_defaults"] = environment["parameter_defaults"]?.DeepClone() ?? new JsonObject(),
            ["resource_registry"] = registry,
            ["event_sinks"] = environment["event_sinks"]?.DeepClone() ?? new JsonArray(),
        };
    }
}

/// <summary>YAML (a superset of JSON) text → JSON nodes, with plain scalars typed as YAML 1.1 reads them (numbers, booleans, null).</summary>
public static class YamlText
{
    public static JsonNode? ToJson(string text, string what)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException exception)
        {
            throw ApiException.BadRequest($"Error parsing {what}: {exception.Message}", "StackValidationFailed");
        }

        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? string.Empty, Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" or "yes" or "Yes" or "on" or "On" => JsonValue.Create(true),
            "false" or "False" or "FALSE" or "no" or "No" or "off" or "Off" => JsonValue.Create(false),
            _ when long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && value.Any(char.IsDigit) => JsonValue.Create(d),
            _ => JsonValue.Create(value),
        };
    }
}
