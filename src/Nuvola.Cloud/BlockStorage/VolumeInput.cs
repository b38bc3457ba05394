using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>Reads and checks the pieces of Cinder request bodies; every refusal is Cinder's 400.</summary>
public static class VolumeInput
{
    public const int MaxNameLength = 255;

    public static async Task<JsonObject> ReadEntityAsync(HttpRequest request, string key, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        return body[key] as JsonObject ?? throw ApiException.BadRequest($"Missing required element '{key}' in request body.");
    }

    /// <summary>An optional string field; null when absent or JSON null; 400 when not a string or too long.</summary>
    public static string? OptionalString(JsonObject body, string key, int maxLength = MaxNameLength)
    {
        if (!body.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            throw ApiException.BadRequest($"Invalid input for field/attribute {key}. Value: {node.ToJsonString()}. It must be a string.");
        }

        var text = value.GetValue<string>();
        return text.Length > maxLength
            ? throw ApiException.BadRequest($"Invalid input for field/attribute {key}. It must be at most {maxLength} characters long.")
            : text;
    }

    /// <summary>A positive integer size (Cinder also accepts numeric strings); null when absent.</summary>
    public static int? OptionalSize(JsonObject body, string key)
    {
        if (!body.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        int? size = null;
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.Number when value.TryGetValue<int>(out var number):
                    size = number;
                    break;
                case JsonValueKind.String when int.TryParse(value.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed):
                    size = parsed;
                    break;
            }
        }

        return size is > 0 and <= int.MaxValue / 2
            ? size
            : throw ApiException.BadRequest($"Invalid input for field/attribute {key}. Value: {node.ToJsonString()}. {key} must be an integer and greater than 0.");
    }

    public static bool RequireBool(JsonObject body, string key)
    {
        var node = body[key];
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.String:
                    var text = value.GetValue<string>().Trim().ToLowerInvariant();
                    if (text is "true" or "1" or "t" or "yes" or "y" or "on")
                    {
                        return true;
                    }

                    if (text is "false" or "0" or "f" or "no" or "n" or "off")
                    {
                        return false;
                    }

                    break;
            }
        }

        throw ApiException.BadRequest($"Invalid value for '{key}': it must be a boolean.");
    }

    /// <summary>A metadata object of string keys (1..255) to string values (0..255); null when absent.</summary>
    public static Dictionary<string, string>? OptionalMetadata(JsonObject body, string key)
    {
        if (!body.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        return Metadata(node, key);
    }

    public static Dictionary<string, string> Metadata(JsonNode? node, string key)
    {
        if (node is not JsonObject map)
        {
            throw ApiException.BadRequest($"Invalid input for field/attribute {key}. It must be an object.");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, valueNode) in map)
        {
            if (name.Length is 0 or > 255)
            {
                throw ApiException.BadRequest("Metadata property key must be 1 to 255 characters long.");
            }

            if (valueNode is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            {
                throw ApiException.BadRequest($"Invalid input for field/attribute {key}. Metadata values must be strings.");
            }

            var text = value.GetValue<string>();
            result[name] = text.Length <= 255 ? text : throw ApiException.BadRequest("Metadata property value must be at most 255 characters long.");
        }

        return result;
    }
}
