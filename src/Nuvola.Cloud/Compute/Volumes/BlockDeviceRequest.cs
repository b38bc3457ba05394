using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Compute.Servers;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Compute.Volumes;

/// <summary>One entry of a create request's block_device_mapping_v2, shape-checked (Nova's schema and from_api rules).</summary>
public sealed record BlockDeviceRequest(
    string SourceType,
    string DestinationType,
    string? Uuid,
    int? BootIndex,
    string? DeviceName,
    int? VolumeSize,
    bool DeleteOnTermination,
    string? Tag,
    string? VolumeType,
    string? GuestFormat)
{
    private static readonly HashSet<string> Known =
    [
        "source_type", "uuid", "image_id", "destination_type", "guest_format", "device_type", "disk_bus", "boot_index", "device_name",
        "delete_on_termination", "snapshot_id", "volume_id", "volume_size", "no_device", "connection_info", "tag", "volume_type",
    ];

    /// <summary>Parses block_device_mapping_v2; empty when absent. 400 in Nova's words for a malformed entry.</summary>
    public static IReadOnlyList<BlockDeviceRequest> ParseAll(JsonNode? node, ApiVersion version)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array)
        {
            throw ServerInput.Invalid("block_device_mapping_v2", node, $"{ServerInput.Show(node)} is not of type 'array'");
        }

        return [.. array.Select(item => Parse(item, version))];
    }

    private static BlockDeviceRequest Parse(JsonNode? node, ApiVersion version)
    {
        if (node is not JsonObject entry)
        {
            throw ServerInput.Invalid("block_device_mapping_v2", node, $"{ServerInput.Show(node)} is not of type 'object'");
        }

        foreach (var (key, _) in entry)
        {
            if (!Known.Contains(key) || (key == "tag" && !version.IsAtLeast(2, 42)) || (key == "volume_type" && !version.IsAtLeast(2, 67)))
            {
                throw ServerInput.Invalid("block_device_mapping_v2", node, $"Additional properties are not allowed ('{key}' was unexpected)");
            }
        }

        var source = ServerInput.String(entry["source_type"], "source_type");
        if (source is not (null or "volume" or "image" or "snapshot" or "blank"))
        {
            throw ServerInput.Invalid("source_type", entry["source_type"], $"'{source}' is not one of ['volume', 'image', 'snapshot', 'blank']");
        }

        var destination = ServerInput.String(entry["destination_type"], "destination_type");
        if (destination is not (null or "local" or "volume"))
        {
            throw ServerInput.Invalid("destination_type", entry["destination_type"], $"'{destination}' is not one of ['local', 'volume']");
        }

        var uuid = ServerInput.String(entry["uuid"], "uuid") ?? ServerInput.String(entry["volume_id"], "volume_id")
            ?? ServerInput.String(entry["snapshot_id"], "snapshot_id") ?? ServerInput.String(entry["image_id"], "image_id");
        var bootIndex = BootIndexOf(entry["boot_index"]);
        var size = entry["volume_size"] is null ? (int?)null : ServerInput.Integer(entry["volume_size"], "volume_size", 1);
        var deleteOnTermination = ServerInput.Boolean(entry["delete_on_termination"], "delete_on_termination");
        var tag = entry["tag"] is null ? null : ServerInput.Tag(entry["tag"], "tag");
        var deviceName = ServerInput.String(entry["device_name"], "device_name");
        if (deviceName is { Length: 0 or > 255 })
        {
            throw ServerInput.Invalid("device_name", entry["device_name"], $"'{deviceName}' is too short or too long");
        }

        source ??= "blank";
        if (source == "blank" && uuid is not null)
        {
            throw ApiException.BadRequest("Block Device Mapping is Invalid: Invalid device UUID.");
        }

        if (source != "blank" && uuid is null)
        {
            throw ApiException.BadRequest("Block Device Mapping is Invalid: Missing device UUID.");
        }

        destination ??= source is "volume" or "snapshot" ? "volume" : "local";
        if (source == "image" && destination == "local" && bootIndex != 0)
        {
            throw ApiException.BadRequest("Block Device Mapping is Invalid: Mapping image to local is not supported.");
        }

        if (source is "volume" or "snapshot" && destination == "local")
        {
            throw ApiException.BadRequest($"Block Device Mapping is Invalid: Invalid source_type field.");
        }

        return new BlockDeviceRequest(source, destination, uuid, bootIndex, deviceName, size, deleteOnTermination, tag,
            ServerInput.String(entry["volume_type"], "volume_type"), ServerInput.String(entry["guest_format"], "guest_format"));
    }

    /// <summary>boot_index: an integer, a string of one, or null; negative means "not bootable".</summary>
    private static int? BootIndexOf(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out int number))
        {
            return number < 0 ? null : number;
        }

        if (node is JsonValue text && text.GetValueKind() == JsonValueKind.String && int.TryParse(text.GetValue<string>(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed < 0 ? null : parsed;
        }

        throw ServerInput.Invalid("boot_index", node, $"{ServerInput.Show(node)} is not valid under any of the given schemas");
    }
}
