using System.Globalization;
using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Image;

/// <summary>Glance v2's wire format for an image: extra properties at the top level, nulls shown, relative links.</summary>
public static class ImageJson
{
    public static JsonObject ToJson(ImageRecord image)
    {
        var json = new JsonObject();
        foreach (var (key, value) in image.Properties)
        {
            json[key] = value;
        }

        json["name"] = image.Name;
        json["disk_format"] = image.DiskFormat;
        json["container_format"] = image.ContainerFormat;
        json["visibility"] = image.Visibility;
        json["size"] = image.Size;
        json["virtual_size"] = image.VirtualSize;
        json["status"] = image.Status;
        json["checksum"] = image.Checksum;
        json["protected"] = image.Protected;
        json["min_ram"] = image.MinRam;
        json["min_disk"] = image.MinDisk;
        json["owner"] = image.Owner;
        json["os_hidden"] = image.OsHidden;
        json["os_hash_algo"] = image.OsHashAlgo;
        json["os_hash_value"] = image.OsHashValue;
        json["id"] = image.Id;
        json["created_at"] = Timestamp(image.CreatedAt);
        json["updated_at"] = Timestamp(image.UpdatedAt);
        json["tags"] = new JsonArray(image.Tags.Select(t => (JsonNode?)t).ToArray());
        json["self"] = "/v2/images/" + image.Id;
        json["file"] = "/v2/images/" + image.Id + "/file";
        json["schema"] = "/v2/schemas/image";
        return json;
    }

    public static JsonObject ToJson(ImageMemberRecord member) => new()
    {
        ["created_at"] = Timestamp(member.CreatedAt),
        ["image_id"] = member.ImageId,
        ["member_id"] = member.MemberId,
        ["schema"] = "/v2/schemas/member",
        ["status"] = member.Status,
        ["updated_at"] = Timestamp(member.UpdatedAt),
    };

    /// <summary>Glance's isotime: seconds precision, UTC, "Z".</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>How Python prints a JSON value in a jsonschema message: 'text', 1, True, None, [...].</summary>
    public static string PyRepr(JsonNode? node) => node switch
    {
        null => "None",
        JsonValue value when value.TryGetValue(out string? text) => "'" + text + "'",
        JsonValue value when value.TryGetValue(out bool flag) => flag ? "True" : "False",
        JsonArray array => "[" + string.Join(", ", array.Select(PyRepr)) + "]",
        JsonObject obj => "{" + string.Join(", ", obj.Select(p => "'" + p.Key + "': " + PyRepr(p.Value))) + "}",
        _ => node.ToJsonString(),
    };

    public static string PyList(IEnumerable<string> values, bool withNone = false) =>
        "[" + string.Join(", ", (withNone ? new[] { "None" } : []).Concat(values.Select(v => "'" + v + "'"))) + "]";
}
