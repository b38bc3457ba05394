using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>A validated POST /servers body. Networks null means "not given" (before 2.37); Auto/None are 2.37's words.</summary>
public sealed record ServerCreateRequest(
    string Name,
    string? ImageRef,
    string FlavorRef,
    IReadOnlyList<ServerNetworkRequest>? Networks,
    bool AutoNetwork,
    string? KeyName,
    string? UserData,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<string> SecurityGroups,
    string? AvailabilityZone,
    bool ConfigDrive,
    int MinCount,
    int MaxCount,
    bool ReturnReservationId,
    string? AdminPass,
    string AccessIPv4,
    string AccessIPv6,
    string DiskConfig,
    string? Description,
    IReadOnlyList<string> Tags)
{
    /// <summary>block_device_mapping_v2 (boot from volume, volumes made or attached at create).</summary>
    public IReadOnlyList<Volumes.BlockDeviceRequest> BlockDevices { get; init; } = [];

    private const int MaxUserDataLength = 65535;

    /// <summary>The scheduler hint "group" (os:scheduler_hints, outside the server object): the server group to join.</summary>
    public string? SchedulerGroup { get; init; }

    public static ServerCreateRequest Parse(JsonObject body, ApiVersion version)
    {
        if (body["server"] is not JsonObject server)
        {
            throw ServerInput.Invalid("server", body["server"], "'server' is a required property of type 'object'");
        }

        var name = ServerInput.Name(server["name"]);
        var blockDevices = Volumes.BlockDeviceRequest.ParseAll(server["block_device_mapping_v2"], version);
        var imageRef = ServerInput.String(server["imageRef"], "imageRef");
        imageRef = !string.IsNullOrEmpty(imageRef) ? ImageIdOf(imageRef, server["imageRef"])
            : blockDevices.Count > 0 ? null
            : throw ApiException.BadRequest("Missing imageRef attribute");
        var flavorRef = ServerInput.Reference(server["flavorRef"], "flavorRef")
            ?? throw ServerInput.Invalid("flavorRef", null, "'flavorRef' is a required property");
        var (networks, auto) = ParseNetworks(server, version);
        var minCount = ServerInput.Integer(server["min_count"], "min_count", 1) ?? 1;
        var maxCount = ServerInput.Integer(server["max_count"], "max_count", 1) ?? minCount;
        if (minCount > maxCount)
        {
            throw ApiException.BadRequest("min_count must be <= max_count");
        }

        var diskConfig = ServerInput.String(server["OS-DCF:diskConfig"], "OS-DCF:diskConfig") ?? "MANUAL";
        if (diskConfig is not ("AUTO" or "MANUAL"))
        {
            throw ServerInput.Invalid("OS-DCF:diskConfig", server["OS-DCF:diskConfig"], $"'{diskConfig}' is not one of ['AUTO', 'MANUAL']");
        }

        string? description = null;
        if (version.IsAtLeast(2, 19) && server["description"] is { } descriptionNode)
        {
            description = ServerInput.String(descriptionNode, "description");
            if (description is { Length: > 255 })
            {
                throw ServerInput.Invalid("description", descriptionNode, "is too long");
            }
        }

        return new ServerCreateRequest(
            name,
            imageRef,
            flavorRef,
            networks,
            auto,
            ServerInput.String(server["key_name"], "key_name"),
            ParseUserData(server["user_data"]),
            ServerInput.Metadata(server["metadata"]),
            ParseSecurityGroups(server["security_groups"]),
            ServerInput.String(server["availability_zone"], "availability_zone"),
            ServerInput.Boolean(server["config_drive"], "config_drive"),
            minCount,
            maxCount,
            ServerInput.Boolean(server["return_reservation_id"], "return_reservation_id"),
            ServerInput.String(server["adminPass"], "adminPass"),
            ServerInput.AccessIp(server["accessIPv4"], "accessIPv4", AddressFamily.InterNetwork),
            ServerInput.AccessIp(server["accessIPv6"], "accessIPv6", AddressFamily.InterNetworkV6),
            diskConfig,
            description,
            version.IsAtLeast(2, 52) ? ServerInput.Tags(server["tags"]) : [])
        {
            BlockDevices = blockDevices,
        };
    }

    /// <summary>imageRef may be an id or a URL ending in the id.</summary>
    private static string ImageIdOf(string imageRef, JsonNode? node)
    {
        var id = imageRef.TrimEnd('/');
        id = id[(id.LastIndexOf('/') + 1)..];
        return ServerInput.IsUuid(id) ? id : throw ServerInput.Invalid("imageRef", node, $"'{imageRef}' is not a 'uuid'");
    }

    private static (IReadOnlyList<ServerNetworkRequest>? Networks, bool Auto) ParseNetworks(JsonObject server, ApiVersion version)
    {
        var node = server["networks"];
        if (node is null)
        {
            return version.IsAtLeast(2, 37)
                ? throw ServerInput.Invalid("networks", null, "'networks' is a required property")
                : (null, false);
        }

        if (node is JsonValue word && version.IsAtLeast(2, 37) && ServerInput.String(word, "networks") is { } text)
        {
            return text switch
            {
                "auto" => (null, true),
                "none" => ([], false),
                _ => throw ServerInput.Invalid("networks", node, $"'{text}' is not one of ['none', 'auto']"),
            };
        }

        if (node is not JsonArray array)
        {
            throw ServerInput.Invalid("networks", node, $"{ServerInput.Show(node)} is not of type 'array'");
        }

        var result = new List<ServerNetworkRequest>();
        foreach (var item in array)
        {
            if (item is not JsonObject entry)
            {
                throw ServerInput.Invalid("networks", node, $"{ServerInput.Show(item)} is not of type 'object'");
            }

            var port = ServerInput.String(entry["port"], "port");
            var uuid = ServerInput.String(entry["uuid"], "uuid");
            var fixedIp = ServerInput.String(entry["fixed_ip"], "fixed_ip");
            if (port is not null && !ServerInput.IsUuid(port))
            {
                throw ServerInput.Invalid("port", entry["port"], $"'{port}' is not a 'uuid'");
            }

            if (port is null && uuid is null)
            {
                throw ApiException.BadRequest("Bad network format: missing 'uuid'");
            }

            if (port is null && !ServerInput.IsUuid(uuid!))
            {
                throw ApiException.BadRequest($"Bad networks format: network uuid is not in proper format ({uuid})");
            }

            if (fixedIp is not null && !System.Net.IPAddress.TryParse(fixedIp, out _))
            {
                throw ServerInput.Invalid("fixed_ip", entry["fixed_ip"], $"'{fixedIp}' is not a 'ip-address'");
            }

            result.Add(port is not null ? new ServerNetworkRequest(null, port, null) : new ServerNetworkRequest(uuid, null, fixedIp));
        }

        return (result, false);
    }

    private static string? ParseUserData(JsonNode? node)
    {
        var text = ServerInput.String(node, "user_data");
        if (text is null)
        {
            return null;
        }

        if (text.Length > MaxUserDataLength)
        {
            throw ServerInput.Invalid("user_data", node, "is too long");
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _) ? text : throw ApiException.BadRequest("User data needs to be valid base 64.");
    }

    private static List<string> ParseSecurityGroups(JsonNode? node)
    {
        if (node is null)
        {
            return ["default"];
        }

        if (node is not JsonArray array)
        {
            throw ServerInput.Invalid("security_groups", node, $"{ServerInput.Show(node)} is not of type 'array'");
        }

        var names = array.Select(item => item is JsonObject group && ServerInput.String(group["name"], "name") is { Length: > 0 } name
                ? name
                : throw ServerInput.Invalid("security_groups", node, "each item needs a 'name'"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return names.Count == 0 ? ["default"] : names;
    }

    internal static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(12);
        var builder = new StringBuilder(12);
        foreach (var b in bytes)
        {
            builder.Append(alphabet[b % alphabet.Length]);
        }

        return builder.ToString();
    }
}
