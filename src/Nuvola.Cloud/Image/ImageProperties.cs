using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Image;

/// <summary>Glance's rules for image attributes: which are read-only or reserved, and what values each accepts.</summary>
public static partial class ImageProperties
{
    public const int MaxTags = 128;
    public const int MaxExtraProperties = 128;

    /// <summary>Refused in a create body (403 read-only).</summary>
    public static readonly IReadOnlySet<string> Disallowed = new HashSet<string>(StringComparer.Ordinal) { "direct_url", "self", "file", "schema", "stores" };

    /// <summary>Refused as a PATCH path (403 read-only).</summary>
    public static readonly IReadOnlySet<string> ReadOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "created_at", "updated_at", "status", "checksum", "size", "virtual_size", "direct_url", "self", "file", "schema", "id", "os_hash_algo", "os_hash_value",
    };

    /// <summary>Read-only attributes that a create body may not set either.</summary>
    public static readonly IReadOnlySet<string> ReadOnlyOnCreate = new HashSet<string>(StringComparer.Ordinal)
    {
        "created_at", "updated_at", "status", "checksum", "os_hash_algo", "os_hash_value", "size", "virtual_size",
    };

    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal) { "location", "deleted", "deleted_at" };

    /// <summary>The attributes that are the image's own (not extra properties).</summary>
    public static readonly IReadOnlySet<string> Core = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "name", "status", "visibility", "protected", "os_hidden", "checksum", "os_hash_algo", "os_hash_value", "owner", "size", "virtual_size",
        "container_format", "disk_format", "created_at", "updated_at", "tags", "min_ram", "min_disk", "direct_url", "self", "file", "schema", "locations", "stores",
    };

    public static ApiException SchemaError(string reason) => ApiException.BadRequest("Provided object does not match schema 'image': " + reason);

    /// <summary>403 for read-only, reserved and os_glance* names.</summary>
    public static void CheckWritable(string key, IReadOnlySet<string> readOnly)
    {
        if (readOnly.Contains(key))
        {
            throw ApiException.Forbidden($"Attribute '{key}' is read-only.");
        }

        if (Reserved.Contains(key) || key.StartsWith("os_glance", StringComparison.Ordinal))
        {
            throw ApiException.Forbidden($"Attribute '{key}' is reserved.");
        }
    }

    /// <summary>The image with one attribute (core or extra) set to a validated value.</summary>
    public static ImageRecord Set(ImageRecord image, string key, JsonNode? value, AuthContext caller, bool creating)
    {
        switch (key)
        {
            case "id":
                var id = String(key, value, nullable: false)!;
                return UuidPattern().IsMatch(id) ? image with { Id = id } : throw SchemaError($"'{id}' does not match '{UuidPattern()}'");
            case "name":
                return image with { Name = String(key, value, nullable: true, maxLength: 255) };
            case "visibility":
                var visibility = String(key, value, nullable: false)!;
                if (!ImageStatus.Visibilities.Contains(visibility))
                {
                    throw SchemaError($"'{visibility}' is not one of {ImageJson.PyList(["community", "public", "private", "shared"])}");
                }

                if (visibility == ImageStatus.Public && !caller.IsAdmin)
                {
                    throw ApiException.Forbidden("You are not authorized to complete publicize_image action.");
                }

                return image with { Visibility = visibility };
            case "protected":
                return image with { Protected = Boolean(value) };
            case "os_hidden":
                return image with { OsHidden = Boolean(value) };
            case "min_disk":
                return image with { MinDisk = NonNegative(key, value) };
            case "min_ram":
                return image with { MinRam = NonNegative(key, value) };
            case "container_format":
                CheckQueued(image, key, creating);
                return image with { ContainerFormat = Format(value, ImageStatus.ContainerFormats) };
            case "disk_format":
                CheckQueued(image, key, creating);
                return image with { DiskFormat = Format(value, ImageStatus.DiskFormats) };
            case "owner":
                return image with { Owner = String(key, value, nullable: true, maxLength: 255) };
            case "tags":
                return image with { Tags = Tags(value) };
            case "locations":
                throw ApiException.Forbidden("It's not allowed to update locations if locations are invisible.");
            default:
                return SetExtra(image, key, value);
        }
    }

    private static ImageRecord SetExtra(ImageRecord image, string key, JsonNode? value)
    {
        if (key.Length > 255)
        {
            throw ApiException.BadRequest("Custom property should not be greater than 255 characters.");
        }

        if (value is not JsonValue scalar || scalar.GetValueKind() != JsonValueKind.String)
        {
            throw SchemaError($"{ImageJson.PyRepr(value)} is not of type 'string'");
        }

        var properties = new Dictionary<string, string>(image.Properties, StringComparer.Ordinal) { [key] = scalar.GetValue<string>() };
        if (properties.Count > MaxExtraProperties)
        {
            throw new ApiException(413, $"Maximum number of image properties exceeded: {MaxExtraProperties}.");
        }

        return image with { Properties = properties };
    }

    private static void CheckQueued(ImageRecord image, string key, bool creating)
    {
        if (!creating && image.Status != ImageStatus.Queued)
        {
            throw ApiException.Forbidden($"Attribute {key} can be only replaced for a queued image.");
        }
    }

    private static string? String(string key, JsonNode? value, bool nullable, int maxLength = int.MaxValue)
    {
        if (value is null && nullable)
        {
            return null;
        }

        if (value is not JsonValue scalar || scalar.GetValueKind() != JsonValueKind.String)
        {
            throw SchemaError($"{ImageJson.PyRepr(value)} is not of type {(nullable ? "'null', 'string'" : "'string'")}");
        }

        var text = scalar.GetValue<string>();
        return text.Length <= maxLength ? text : throw SchemaError($"'{text}' is too long (in '{key}')");
    }

    private static bool Boolean(JsonNode? value) =>
        value is JsonValue scalar && scalar.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? scalar.GetValue<bool>()
            : throw SchemaError($"{ImageJson.PyRepr(value)} is not of type 'boolean'");

    private static int NonNegative(string key, JsonNode? value)
    {
        if (value is not JsonValue scalar || scalar.GetValueKind() != JsonValueKind.Number || !scalar.TryGetValue(out int number))
        {
            throw SchemaError($"{ImageJson.PyRepr(value)} is not of type 'integer'");
        }

        return number >= 0 ? number : throw ApiException.BadRequest($"Invalid value '{number}' for parameter '{key}': Cannot be a negative value.");
    }

    private static string? Format(JsonNode? value, IReadOnlyList<string> allowed)
    {
        if (value is null)
        {
            return null;
        }

        var text = value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : null;
        return text is not null && allowed.Contains(text)
            ? text
            : throw SchemaError($"{ImageJson.PyRepr(value)} is not one of {ImageJson.PyList(allowed, withNone: true)}");
    }

    private static List<string> Tags(JsonNode? value)
    {
        if (value is not JsonArray array)
        {
            throw SchemaError($"{ImageJson.PyRepr(value)} is not of type 'array'");
        }

        var tags = new List<string>();
        foreach (var item in array)
        {
            var tag = String("tags", item, nullable: false, maxLength: 255)!;
            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }

        return tags.Count <= MaxTags ? tags : throw new ApiException(413, $"Maximum number of tags exceeded: {MaxTags}.");
    }

    [GeneratedRegex("^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$")]
    private static partial Regex UuidPattern();
}
