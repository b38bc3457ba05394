using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>Validation of request fields with Nova's JSON-schema style messages (400 badRequest).</summary>
public static class ServerInput
{
    public static ApiException Invalid(string field, JsonNode? value, string reason) =>
        ApiException.BadRequest($"Invalid input for field/attribute {field}. Value: {Show(value)}. {reason}");

    /// <summary>A server name: a string of 1-255 characters without leading or trailing whitespace.</summary>
    public static string Name(JsonNode? node, string field = "name")
    {
        var name = String(node, field) ?? throw Invalid(field, node, "None is not of type 'string'");
        if (name.Length == 0)
        {
            throw Invalid(field, node, "'' is too short");
        }

        if (name.Length > 255)
        {
            throw Invalid(field, node, $"'{name}' is too long");
        }

        if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1]) || name.Any(char.IsControl))
        {
            throw Invalid(field, node, $"'{name}' does not match the allowed pattern (no leading or trailing whitespace, printable characters only)");
        }

        return name;
    }

    /// <summary>A string field; null when absent or JSON null; 400 when another type.</summary>
    public static string? String(JsonNode? node, string field)
    {
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw Invalid(field, node, $"{Show(node)} is not of type 'string'");
    }

    /// <summary>An id given as a string or an integer (flavorRef may be 1).</summary>
    public static string? Reference(JsonNode? node, string field)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            return value.ToJsonString();
        }

        return String(node, field);
    }

    public static int? Integer(JsonNode? node, string field, int minimum)
    {
        if (node is null)
        {
            return null;
        }

        int number;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out int n))
        {
            number = n;
        }
        else if (node is JsonValue text && text.GetValueKind() == JsonValueKind.String
            && int.TryParse(text.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            number = parsed;
        }
        else
        {
            throw Invalid(field, node, $"{Show(node)} is not of type 'integer'");
        }

        return number < minimum ? throw Invalid(field, node, $"{number} is less than the minimum of {minimum}") : number;
    }

    public static bool Boolean(JsonNode? node, string field)
    {
        if (node is null)
        {
            return false;
        }

        var kind = node.GetValueKind();
        if (kind is JsonValueKind.True or JsonValueKind.False)
        {
            return kind == JsonValueKind.True;
        }

        var text = node is JsonValue v && kind == JsonValueKind.String ? v.GetValue<string>().ToLowerInvariant() : null;
        return text switch
        {
            "true" or "1" or "yes" or "on" or "t" or "y" => true,
            "false" or "0" or "no" or "off" or "f" or "n" or "" => false,
            _ => throw Invalid(field, node, $"{Show(node)} is not of type 'boolean', 'string'"),
        };
    }

    /// <summary>An access IP: empty, or an address of the given family.</summary>
    public static string AccessIp(JsonNode? node, string field, AddressFamily family)
    {
        var text = String(node, field) ?? string.Empty;
        if (text.Length == 0)
        {
            return text;
        }

        return IPAddress.TryParse(text, out var address) && address.AddressFamily == family && (family != AddressFamily.InterNetwork || text.Count(c => c == '.') == 3)
            ? address.ToString()
            : throw Invalid(field, node, $"'{text}' is not a '{(family == AddressFamily.InterNetwork ? "ipv4" : "ipv6")}'");
    }

    /// <summary>Metadata: an object of string values, keys 1-255 and values up to 255 characters.</summary>
    public static Dictionary<string, string> Metadata(JsonNode? node, string field = "metadata")
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null)
        {
            return result;
        }

        if (node is not JsonObject metadata)
        {
            throw Invalid(field, node, $"{Show(node)} is not of type 'object'");
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length is 0 or > 255)
            {
                throw Invalid(field, node, $"'{key}' does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{{1,255}}$'");
            }

            var text = String(value, field) ?? throw Invalid(field, node, "None is not of type 'string'");
            if (text.Length > 255)
            {
                throw Invalid(field, node, $"'{text}' is too long");
            }

            result[key] = text;
        }

        return result;
    }

    /// <summary>A tag: 1-60 characters, no comma or slash.</summary>
    public static string Tag(JsonNode? node, string field = "tags")
    {
        var tag = String(node, field) ?? throw Invalid(field, node, "None is not of type 'string'");
        return tag.Length is 0 or > 60 || tag.Contains(',', StringComparison.Ordinal) || tag.Contains('/', StringComparison.Ordinal)
            ? throw Invalid(field, node, $"'{tag}' does not match '^[^,/]*$' or is not 1-60 characters long")
            : tag;
    }

    public static List<string> Tags(JsonNode? node, string field = "tags")
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array)
        {
            throw Invalid(field, node, $"{Show(node)} is not of type 'array'");
        }

        if (array.Count > 50)
        {
            throw Invalid(field, node, "is too long (at most 50 tags)");
        }

        return array.Select(t => Tag(t, field)).Distinct(StringComparer.Ordinal).ToList();
    }

    public static bool IsUuid(string text) => Guid.TryParse(text, out _) && text.Replace("-", string.Empty, StringComparison.Ordinal).Length == 32;

    public static string Show(JsonNode? node) => node switch
    {
        null => "None",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
