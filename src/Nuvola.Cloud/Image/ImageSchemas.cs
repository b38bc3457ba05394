using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Image;

/// <summary>The JSON-schema documents Glance serves at /v2/schemas/{image,images,member,members}.</summary>
public static class ImageSchemas
{
    private const string UuidPattern = "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$";

    public static JsonObject Image() => new()
    {
        ["name"] = "image",
        ["properties"] = ImageProperties(),
        ["additionalProperties"] = new JsonObject { ["type"] = "string" },
        ["links"] = Links(("self", "{self}"), ("enclosure", "{file}"), ("describedby", "{schema}")),
    };

    public static JsonObject Images() => Collection("images", Image());

    public static JsonObject Member() => new()
    {
        ["name"] = "member",
        ["properties"] = new JsonObject
        {
            ["member_id"] = Property("string", "An identifier for the image member (tenantId)"),
            ["image_id"] = Property("string", "An identifier for the image", pattern: UuidPattern),
            ["created_at"] = Property("string", "Date and time of image member creation"),
            ["updated_at"] = Property("string", "Date and time of last modification of image member"),
            ["status"] = Property("string", "The status of this image member", values: ["pending", "accepted", "rejected"]),
            ["schema"] = new JsonObject { ["readOnly"] = true, ["type"] = "string" },
        },
    };

    public static JsonObject Members() => Collection("members", Member());

    private static JsonObject ImageProperties() => new()
    {
        ["id"] = Property("string", "An identifier for the image", pattern: UuidPattern),
        ["name"] = Property(Nullable("string"), "Descriptive name for the image", maxLength: 255),
        ["status"] = Property("string", "Status of the image", readOnly: true, values: ["queued", "saving", "active", "killed", "deleted", "uploading", "importing", "pending_delete", "deactivated"]),
        ["visibility"] = Property("string", "Scope of image accessibility", values: ["community", "public", "private", "shared"]),
        ["protected"] = Property("boolean", "If true, image will not be deletable."),
        ["os_hidden"] = Property("boolean", "If true, image will not appear in default image list response."),
        ["checksum"] = Property(Nullable("string"), "md5 hash of image contents.", readOnly: true, maxLength: 32),
        ["os_hash_algo"] = Property(Nullable("string"), "Algorithm to calculate the os_hash_value", readOnly: true, maxLength: 64),
        ["os_hash_value"] = Property(Nullable("string"), "Hexdigest of the image contents using the algorithm specified by the os_hash_algo", readOnly: true, maxLength: 128),
        ["owner"] = Property(Nullable("string"), "Owner of the image", maxLength: 255),
        ["size"] = Property(Nullable("integer"), "Size of image file in bytes", readOnly: true),
        ["virtual_size"] = Property(Nullable("integer"), "Virtual size of image in bytes", readOnly: true),
        ["container_format"] = Property(Nullable("string"), "Format of the container", values: [null, .. ImageStatus.ContainerFormats]),
        ["disk_format"] = Property(Nullable("string"), "Format of the disk", values: [null, .. ImageStatus.DiskFormats]),
        ["created_at"] = Property("string", "Date and time of image registration", readOnly: true),
        ["updated_at"] = Property("string", "Date and time of the last image modification", readOnly: true),
        ["tags"] = new JsonObject
        {
            ["type"] = "array",
            ["description"] = "List of strings related to the image",
            ["items"] = new JsonObject { ["type"] = "string", ["maxLength"] = 255 },
        },
        ["direct_url"] = Property("string", "URL to access the image file kept in external store", readOnly: true),
        ["min_ram"] = Property("integer", "Amount of ram (in MB) required to boot image."),
        ["min_disk"] = Property("integer", "Amount of disk space (in GB) required to boot image."),
        ["self"] = Property("string", "An image self url", readOnly: true),
        ["file"] = Property("string", "An image file url", readOnly: true),
        ["stores"] = Property("string", "Store in which image data resides.  Only present when the operator has enabled multiple stores.  May be a comma-separated list of store identifiers.", readOnly: true),
        ["schema"] = Property("string", "An image schema url", readOnly: true),
        ["locations"] = new JsonObject
        {
            ["type"] = "array",
            ["items"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["url"] = new JsonObject { ["type"] = "string", ["maxLength"] = 255 },
                    ["metadata"] = new JsonObject { ["type"] = "object" },
                },
                ["required"] = new JsonArray("url", "metadata"),
            },
            ["description"] = "A set of URLs to access the image file kept in external store",
        },
        ["kernel_id"] = Property(Nullable("string"), "ID of image stored in Glance that should be used as the kernel when booting an AMI-style image.", pattern: UuidPattern, isBase: false),
        ["ramdisk_id"] = Property(Nullable("string"), "ID of image stored in Glance that should be used as the ramdisk when booting an AMI-style image.", pattern: UuidPattern, isBase: false),
        ["instance_uuid"] = Property("string", "Metadata which can be used to record which instance this image is associated with. (Informational only, does not create an instance snapshot.)", isBase: false),
        ["architecture"] = Property("string", "Operating system architecture as specified in https://docs.openstack.org/python-glanceclient/latest/cli/property-keys.html", isBase: false),
        ["os_distro"] = Property("string", "Common name of operating system distribution as specified in https://docs.openstack.org/python-glanceclient/latest/cli/property-keys.html", isBase: false),
        ["os_version"] = Property("string", "Operating system version as specified by the distributor.", isBase: false),
        ["description"] = Property("string", "A human-readable string describing this image.", isBase: false),
    };

    private static JsonObject Collection(string name, JsonObject item) => new()
    {
        ["name"] = name,
        ["properties"] = new JsonObject
        {
            [name] = new JsonObject { ["type"] = "array", ["items"] = item },
            ["first"] = new JsonObject { ["type"] = "string" },
            ["next"] = new JsonObject { ["type"] = "string" },
            ["schema"] = new JsonObject { ["type"] = "string" },
        },
        ["links"] = Links(("first", "{first}"), ("next", "{next}"), ("describedby", "{schema}")),
    };

    private static JsonNode Nullable(string type) => new JsonArray("null", type);

    private static JsonObject Property(JsonNode type, string description, bool readOnly = false, int? maxLength = null, string? pattern = null, string?[]? values = null, bool isBase = true)
    {
        var property = new JsonObject { ["type"] = type, ["description"] = description };
        if (readOnly)
        {
            property["readOnly"] = true;
        }

        if (maxLength is { } max)
        {
            property["maxLength"] = max;
        }

        if (pattern is not null)
        {
            property["pattern"] = pattern;
        }

        if (values is not null)
        {
            property["enum"] = new JsonArray(values.Select(v => (JsonNode?)v).ToArray());
        }

        if (!isBase)
        {
            property["is_base"] = false;
        }

        return property;
    }

    private static JsonArray Links(params (string Rel, string Href)[] links) =>
        new(links.Select(l => (JsonNode?)new JsonObject { ["rel"] = l.Rel, ["href"] = l.Href }).ToArray());
}
