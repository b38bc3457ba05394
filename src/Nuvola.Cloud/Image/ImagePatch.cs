using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Image;

/// <summary>One JSON-patch operation on an image: op, decoded path, value; Draft 4 (v2.0 media type) or 10 (v2.1).</summary>
public sealed record ImageChange(string Op, IReadOnlyList<string> Path, JsonNode? Value, int Draft);

/// <summary>Glance's image PATCH: the openstack-images-v2.x-json-patch media types, add/replace/remove on attributes.</summary>
public static partial class ImagePatch
{
    private const string V20 = "application/openstack-images-v2.0-json-patch";
    private const string V21 = "application/openstack-images-v2.1-json-patch";
    private static readonly string[] Operations = ["add", "remove", "replace"];

    /// <summary>Attributes an image has of its own (cannot be removed; "add" sets them).</summary>
    private static readonly HashSet<string> Attributes = new(StringComparer.Ordinal)
    {
        "name", "visibility", "protected", "os_hidden", "owner", "min_disk", "min_ram", "container_format", "disk_format", "tags", "locations",
    };

    public static async Task<IReadOnlyList<ImageChange>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var draft = mediaType switch
        {
            V20 => 4,
            V21 => 10,
            _ => throw new ApiException(415, $"The request media type {mediaType} is not supported by this server. Image PATCH expects Content-Type one of: {V20}, {V21}"),
        };
        var body = await JsonBody.ReadAsync(request, cancellationToken) as JsonArray
            ?? throw ApiException.BadRequest("Request body must be a JSON array of operation objects.");
        var changes = new List<ImageChange>();
        foreach (var raw in body)
        {
            if (raw is not JsonObject change)
            {
                throw ApiException.BadRequest("Operations must be JSON objects.");
            }

            var (op, pointer) = draft == 10 ? Draft10(change) : Draft4(change);
            var path = Decode(pointer);
            var depth = path[0] == "locations" ? (op == "replace" ? 1 : 2) : 1;
            if (path.Count != depth)
            {
                throw ApiException.BadRequest($"Invalid JSON pointer for this resource: '/{string.Join('/', path)}'");
            }

            JsonNode? value = null;
            if (op != "remove")
            {
                if (!change.TryGetPropertyValue("value", out value))
                {
                    throw ApiException.BadRequest($"Operation \"{op}\" requires a member named \"value\".");
                }

                value = value?.DeepClone();
            }

            ImageProperties.CheckWritable(path[0], ImageProperties.ReadOnly);
            changes.Add(new ImageChange(op, path, value, draft));
        }

        return changes;
    }

    /// <summary>The image after the changes, each checked as Glance checks it.</summary>
    public static ImageRecord Apply(ImageRecord image, IReadOnlyList<ImageChange> changes, AuthContext caller)
    {
        foreach (var change in changes)
        {
            var key = change.Path[0];
            var isAttribute = Attributes.Contains(key);
            switch (change.Op)
            {
                case "replace" or "add":
                    if (key == "owner" && !caller.IsAdmin)
                    {
                        throw ApiException.Forbidden("Owner can't be updated by non admin.");
                    }

                    if (change.Op == "replace" && !isAttribute && !image.Properties.ContainsKey(key))
                    {
                        throw ApiException.Conflict($"Property {key} does not exist.");
                    }

                    if (change.Op == "add" && change.Draft == 4 && (isAttribute || image.Properties.ContainsKey(key)))
                    {
                        throw ApiException.Conflict($"Property {key} already present.");
                    }

                    image = ImageProperties.Set(image, key, change.Value, caller, creating: false);
                    break;
                default:
                    if (isAttribute)
                    {
                        throw ApiException.Forbidden($"Property {key} may not be removed.");
                    }

                    if (!image.Properties.ContainsKey(key))
                    {
                        throw ApiException.Conflict($"Property {key} does not exist.");
                    }

                    var properties = new Dictionary<string, string>(image.Properties, StringComparer.Ordinal);
                    properties.Remove(key);
                    image = image with { Properties = properties };
                    break;
            }
        }

        return image;
    }

    private static (string Op, string Pointer) Draft10(JsonObject change)
    {
        var available = string.Join(", ", Operations);
        if (!change.TryGetPropertyValue("op", out var opNode) || opNode is null)
        {
            throw ApiException.BadRequest($"Unable to find `op` in JSON Schema change. It must be one of the following: {available}.");
        }

        var op = opNode is JsonValue v && v.TryGetValue(out string? text) ? text : opNode.ToJsonString();
        if (!Operations.Contains(op))
        {
            throw ApiException.BadRequest($"Invalid operation: `{op}`. It must be one of the following: {available}.");
        }

        return change.TryGetPropertyValue("path", out var path) && path is JsonValue p && p.TryGetValue(out string? pointer)
            ? (op, pointer)
            : throw ApiException.BadRequest("Unable to find 'path' in JSON Schema change");
    }

    private static (string Op, string Pointer) Draft4(JsonObject change)
    {
        var ops = Operations.Where(change.ContainsKey).ToList();
        if (ops.Count != 1)
        {
            throw ApiException.BadRequest(ops.Count == 0
                ? "Operation objects must contain exactly one member named \"add\", \"remove\", or \"replace\"."
                : "Operation objects must contain only one member named \"add\", \"remove\", or \"replace\".");
        }

        return change[ops[0]] is JsonValue p && p.TryGetValue(out string? pointer)
            ? (ops[0], pointer)
            : throw ApiException.BadRequest($"Pointer `{change[ops[0]]?.ToJsonString()}` does not start with \"/\".");
    }

    private static List<string> Decode(string pointer)
    {
        if (!pointer.StartsWith('/'))
        {
            throw ApiException.BadRequest($"Pointer `{pointer}` does not start with \"/\".");
        }

        if (AdjacentSlashes().IsMatch(pointer[1..]))
        {
            throw ApiException.BadRequest($"Pointer `{pointer}` contains adjacent \"/\".");
        }

        if (pointer.Length > 1 && pointer.EndsWith('/'))
        {
            throw ApiException.BadRequest($"Pointer `{pointer}` end with \"/\".");
        }

        if (pointer.Length == 1 || pointer[1..].Trim() == "/")
        {
            throw ApiException.BadRequest($"Pointer `{pointer}` does not contains valid token.");
        }

        if (BadTilde().IsMatch(pointer) || pointer.EndsWith('~'))
        {
            throw ApiException.BadRequest($"Pointer `{pointer}` contains \"~\" not part of a recognized escape sequence.");
        }

        return pointer.TrimStart('/').Split('/').Select(part => part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal).Trim()).ToList();
    }

    [GeneratedRegex(@"/\s*?/")]
    private static partial Regex AdjacentSlashes();

    [GeneratedRegex("~[^01]")]
    private static partial Regex BadTilde();
}
