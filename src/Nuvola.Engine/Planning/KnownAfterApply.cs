using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nuvola.Engine.Planning;

/// <summary>
/// A value known only once another resource is applied: <c>{"$knownAfterApply": {"resource": "server",
/// "path": ["networks", "private", "0"]}}</c>. An empty path stands for the resource's physical id
/// (get_resource); otherwise the first element is the attribute name and the rest index into it (get_attr).
/// The planner resolves markers from recorded state when the referenced resource does not change; the applier
/// resolves the rest just before the dependent runs.
/// </summary>
public static class KnownAfterApply
{
    public const string Key = "$knownAfterApply";

    /// <summary>A marker for <paramref name="resource"/>'s attribute at <paramref name="path"/> (none: physical id).</summary>
    public static JsonElement Marker(string resource, params string[] path)
    {
        var node = new JsonObject
        {
            [Key] = new JsonObject
            {
                ["resource"] = resource,
                ["path"] = new JsonArray([.. path.Select(p => (JsonNode?)JsonValue.Create(p))]),
            },
        };
        return JsonSerializer.SerializeToElement(node);
    }

    /// <summary>Reads a marker.</summary>
    public static bool TryRead(JsonElement value, out string resource, out ImmutableArray<string> path)
    {
        resource = string.Empty;
        path = [];
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(Key, out var body) ||
            body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("resource", out var r) ||
            r.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        resource = r.GetString()!;
        path = body.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.Array
            ? [.. p.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())]
            : [];
        return true;
    }

    /// <summary>True when a marker is left anywhere inside <paramref name="value"/>.</summary>
    public static bool Contains(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => TryRead(value, out _, out _) ||
            value.EnumerateObject().Any(p => Contains(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Any(Contains),
        _ => false,
    };

    /// <summary>
    /// Replaces every marker for which <paramref name="lookup"/> returns a value; others are left in place.
    /// </summary>
    public static JsonElement Resolve(JsonElement value, Func<string, ImmutableArray<string>, JsonElement?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        if (!Contains(value))
        {
            return value;
        }

        return JsonSerializer.SerializeToElement(ResolveNode(value, lookup));
    }

    /// <summary>The value at <paramref name="path"/> inside <paramref name="root"/> (names for objects, indexes for arrays).</summary>
    public static JsonElement? Navigate(JsonElement root, IEnumerable<string> path)
    {
        var current = root;
        foreach (var step in path)
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(step, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(step, out var i) && i >= 0 &&
                i < current.GetArrayLength())
            {
                current = current[i];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private static JsonNode? ResolveNode(JsonElement value, Func<string, ImmutableArray<string>, JsonElement?> lookup)
    {
        if (TryRead(value, out var resource, out var path))
        {
            var found = lookup(resource, path);
            return JsonNode.Parse((found ?? value).GetRawText());
        }

        return value.ValueKind switch
        {
            JsonValueKind.Object => new JsonObject(value.EnumerateObject()
                .Select(p => KeyValuePair.Create(p.Name, ResolveNode(p.Value, lookup)))),
            JsonValueKind.Array => new JsonArray([.. value.EnumerateArray().Select(e => ResolveNode(e, lookup))]),
            _ => JsonNode.Parse(value.GetRawText()),
        };
    }
}
