using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>Typed reading of a resource's HOT properties (a JSON object), with Heat's deprecated aliases.</summary>
internal sealed class Props(JsonObject values)
{
    public static Props Of(JsonElement properties) =>
        new(properties.ValueKind == JsonValueKind.Object ? JsonNode.Parse(properties.GetRawText())!.AsObject() : []);

    public JsonObject Values => values;

    public bool Has(string name) => values[name] is not null;

    public JsonNode? this[string name] => values[name];

    public string? Str(string name, string? alias = null) => StrOf(values[name]) ?? (alias is null ? null : StrOf(values[alias]));

    public bool? Bool(string name) => values[name] switch
    {
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => bool.TryParse(v.GetValue<string>(), out var b) ? b : null,
        _ => null,
    };

    public long? Int(string name) => IntOf(values[name]);

    public JsonObject? Map(string name) => values[name] as JsonObject;

    public JsonArray? List(string name) => values[name] as JsonArray;

    public IEnumerable<string> Strings(string name) => List(name)?.Select(StrOf).OfType<string>() ?? [];

    /// <summary>A copy of a property value (to put into a request body).</summary>
    public JsonNode? Copy(string name) => values[name]?.DeepClone();

    public static string? StrOf(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } s ? s : null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    public static long? IntOf(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => (long)v.GetValue<double>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String
            && long.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };
}
