using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Network.Api;

/// <summary>One resource's attributes from a request body, read with Neutron's conversions and 400s.</summary>
public sealed class NeutronBody(JsonObject attributes)
{
    public JsonObject Attributes { get; } = attributes;

    /// <summary>The {"network": {...}} objects of a request: one, or a bulk {"networks": [...]} list.</summary>
    public static async Task<(IReadOnlyList<NeutronBody> Items, bool Bulk)> ReadAsync(HttpRequest request, string singular, string plural, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (body[singular] is JsonObject one)
        {
            return ([new NeutronBody(one)], false);
        }

        if (body[plural] is JsonArray many && many.Count > 0 && many.All(n => n is JsonObject))
        {
            return (many.Select(n => new NeutronBody((JsonObject)n!)).ToList(), true);
        }

        throw NeutronErrors.BadRequest($"Resource body required");
    }

    public static async Task<NeutronBody> ReadOneAsync(HttpRequest request, string singular, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        return body[singular] is JsonObject one ? new NeutronBody(one) : throw NeutronErrors.BadRequest("Resource body required");
    }

    /// <summary>400 "Unrecognized attribute(s)" for names outside <paramref name="allowed"/>.</summary>
    public NeutronBody Allow(IEnumerable<string> allowed)
    {
        var set = allowed.ToHashSet(StringComparer.Ordinal);
        var unknown = Attributes.Select(p => p.Key).Where(k => !set.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw NeutronErrors.BadRequest($"Unrecognized attribute(s) '{string.Join(", ", unknown)}'");
        }

        return this;
    }

    public bool Has(string name) => Attributes.ContainsKey(name);

    public string? String(string name, int maxLength = 255)
    {
        if (!Attributes.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw Invalid(name, $"'{node.ToJsonString()}' is not a valid string");
        }

        var value = node.GetValue<string>();
        return value.Length > maxLength ? throw Invalid(name, $"'{value}' exceeds maximum length of {maxLength}") : value;
    }

    public bool? Bool(string name)
    {
        if (!Attributes.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when ParseBool(node.GetValue<string>()) is { } b => b,
            JsonValueKind.Number when node.ToJsonString() is "0" or "1" => node.ToJsonString() == "1",
            _ => throw Invalid(name, $"'{Plain(node)}' cannot be converted to boolean"),
        };
    }

    public int? Int(string name)
    {
        if (!Attributes.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        var text = Plain(node);
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value : throw Invalid(name, $"'{text}' is not an integer");
    }

    public IReadOnlyList<string>? Strings(string name)
    {
        if (!Attributes.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        return node is JsonArray array && array.All(n => n?.GetValueKind() == JsonValueKind.String)
            ? array.Select(n => n!.GetValue<string>()).ToList()
            : throw Invalid(name, $"'{node.ToJsonString()}' is not a list");
    }

    public IReadOnlyList<JsonObject>? Objects(string name)
    {
        if (!Attributes.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        return node is JsonArray array && array.All(n => n is JsonObject)
            ? array.Select(n => (JsonObject)n!).ToList()
            : throw Invalid(name, $"'{node.ToJsonString()}' is not a list");
    }

    public static bool? ParseBool(string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => null,
    };

    public static ApiException Invalid(string name, string reason) => NeutronErrors.InvalidAttribute(name, reason);

    private static string Plain(JsonNode node) => node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
}
