using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>Reading Keystone request bodies and query strings: typed fields, with Keystone's 400 on a wrong type.</summary>
public static class IdentityRequest
{
    /// <summary>The body's object under <paramref name="key"/> (e.g. "user"); 400 when absent.</summary>
    public static async Task<JsonObject> ReadAsync(HttpRequest request, string key, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        return body[key] as JsonObject ?? throw Invalid(key, $"'{key}' is a required property");
    }

    public static string? String(JsonObject body, string field, int maxLength = 255)
    {
        var node = body[field];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw Invalid(field, $"{node.ToJsonString()} is not of type 'string'");
        }

        var value = node.GetValue<string>();
        return value.Length <= maxLength ? value : throw Invalid(field, $"'{value}' is too long");
    }

    public static string RequiredString(JsonObject body, string field, int maxLength = 255)
    {
        var value = String(body, field, maxLength) ?? throw Invalid(field, $"'{field}' is a required property");
        return value.Trim().Length > 0 ? value : throw Invalid(field, $"'{value}' does not match '[\\S]+'");
    }

    public static bool? Bool(JsonObject body, string field)
    {
        var node = body[field];
        return node?.GetValueKind() switch
        {
            null => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(field, $"{node.ToJsonString()} is not of type 'boolean'"),
        };
    }

    public static IReadOnlyList<string>? Tags(JsonObject body)
    {
        if (body["tags"] is null)
        {
            return null;
        }

        if (body["tags"] is not JsonArray array)
        {
            throw Invalid("tags", "tags must be a list of strings");
        }

        var tags = array.Select(t => t?.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : throw Invalid("tags", "tags must be strings")).ToList();
        if (tags.Any(t => t.Length is 0 or > 255 || t.Contains('/', StringComparison.Ordinal) || t.Contains(',', StringComparison.Ordinal)) || tags.Count > 80)
        {
            throw Invalid("tags", "a tag is 1 to 255 characters without '/' or ','; at most 80 tags");
        }

        return tags.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Keystone's reading of a boolean filter: "0", "false", "no", "off" are false; anything else true.</summary>
    public static bool? QueryBool(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value)
            ? value.ToString().ToLowerInvariant() is not ("0" or "false" or "no" or "off" or "f" or "n")
            : null;

    public static string? Query(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    public static ApiException Invalid(string field, string detail) =>
        ApiException.BadRequest($"Invalid input for field '{field}': {detail}");

    public static ApiException Duplicate(string kind, string detail) =>
        ApiException.Conflict($"Conflict occurred attempting to store {kind} - Duplicate entry found with {detail}.");
}
