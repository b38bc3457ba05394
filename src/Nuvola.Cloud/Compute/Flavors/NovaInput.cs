using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Flavors;

/// <summary>Nova's request checks, with Nova's wording: JSON-schema style 400s, policy 403s, query parameters.</summary>
public static class NovaInput
{
    private static readonly string[] TrueWords = ["1", "t", "true", "on", "y", "yes"];
    private static readonly string[] FalseWords = ["0", "f", "false", "off", "n", "no"];

    /// <summary>403 unless the caller is admin, worded as Nova's policy refusal.</summary>
    public static void RequireAdmin(AuthContext caller, string rule)
    {
        if (!caller.IsAdmin)
        {
            throw PolicyRefusal(rule);
        }
    }

    public static ApiException PolicyRefusal(string rule) => ApiException.Forbidden($"Policy doesn't allow {rule} to be performed.");

    public static ApiException Invalid(string field, JsonNode? value, string reason) =>
        ApiException.BadRequest($"Invalid input for field/attribute {field}. Value: {Show(value)}. {reason}");

    /// <summary>The object under <paramref name="key"/> at the top of the body; 400 when missing or not an object.</summary>
    public static JsonObject Section(JsonObject body, string key)
    {
        if (!body.TryGetPropertyValue(key, out var node))
        {
            throw ApiException.BadRequest($"Invalid input for field/attribute {key}. Value: None. '{key}' is a required property");
        }

        return node as JsonObject ?? throw Invalid(key, node, $"{Show(node)} is not of type 'object'");
    }

    public static void NoOtherProperties(JsonObject section, params string[] allowed)
    {
        var extra = section.Select(p => p.Key).Where(k => !allowed.Contains(k, StringComparer.Ordinal)).ToList();
        if (extra.Count > 0)
        {
            throw ApiException.BadRequest($"Additional properties are not allowed ({string.Join(", ", extra.Select(k => "'" + k + "'"))} {(extra.Count == 1 ? "was" : "were")} unexpected)");
        }
    }

    /// <summary>An integer given as a JSON number or a digit string (Nova's ['integer', 'string'] with pattern ^[0-9]*$).</summary>
    public static int Integer(JsonNode? node, string field, int minimum, int maximum = int.MaxValue)
    {
        long value;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var number))
        {
            value = number;
        }
        else if (node is JsonValue s && s.TryGetValue<string>(out var text) && text.Length > 0 && text.All(char.IsAsciiDigit)
                 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
        }
        else
        {
            throw Invalid(field, node, $"{Show(node)} is not of type 'integer', 'string'");
        }

        if (value < minimum)
        {
            throw Invalid(field, node, $"{Show(node)} is less than the minimum of {minimum}");
        }

        if (value > maximum)
        {
            throw Invalid(field, node, $"{Show(node)} is greater than the maximum of {maximum}");
        }

        return (int)value;
    }

    /// <summary>Nova's parameter_types.boolean: true/false or one of the words it accepts.</summary>
    public static bool Boolean(JsonNode? node, string field)
    {
        if (node is JsonValue v)
        {
            if (v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                return v.GetValue<bool>();
            }

            if (v.TryGetValue<string>(out var text) && QueryBoolean(text) is { } flag)
            {
                return flag;
            }
        }

        throw Invalid(field, node, $"{Show(node)} is not one of [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f']");
    }

    /// <summary>oslo's strict bool_from_string; null when the word is none of them.</summary>
    public static bool? QueryBoolean(string text)
    {
        var word = text.Trim().ToLowerInvariant();
        return TrueWords.Contains(word) ? true : FalseWords.Contains(word) ? false : null;
    }

    public static string? String(JsonNode? node, string field, int minLength, int maxLength, bool nullable = false)
    {
        if (node is null && nullable)
        {
            return null;
        }

        if (node is not JsonValue v || !v.TryGetValue<string>(out var text))
        {
            throw Invalid(field, node, $"{Show(node)} is not of type 'string'");
        }

        if (text.Length < minLength)
        {
            throw Invalid(field, node, $"{Show(node)} is too short");
        }

        if (text.Length > maxLength)
        {
            throw Invalid(field, node, $"{Show(node)} is too long");
        }

        return text;
    }

    /// <summary>Nova's common.get_limit_and_marker: limit a non-negative integer (capped at 1000), marker any string.</summary>
    public static (int Limit, string? Marker) Paging(HttpRequest request)
    {
        var limit = 1000;
        if (request.Query.TryGetValue("limit", out var limitText))
        {
            if (!int.TryParse(limitText.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit))
            {
                throw ApiException.BadRequest("limit param must be an integer");
            }

            if (limit < 0)
            {
                throw ApiException.BadRequest("limit param must be positive");
            }

            limit = Math.Min(limit, 1000);
        }

        var marker = request.Query.TryGetValue("marker", out var markerText) ? markerText.ToString() : null;
        return (limit, marker);
    }

    /// <summary>How Python prints a JSON value in jsonschema messages ('abc', 1, None, True).</summary>
    public static string Show(JsonNode? node) => node switch
    {
        null => "None",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "'" + v.GetValue<string>() + "'",
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "True",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "False",
        _ => node.ToJsonString(),
    };
}
