using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Compute.Volumes;
using Nuvola.Cloud.Network;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>
/// Nova's JSON views of a server, shaped by the request's microversion and the caller's role:
/// list entries, the full detail (GET, list detail) and the basic view PUT and rebuild answer with before 2.75.
/// <paramref name="serverGroupsOf"/> gives the server groups a server belongs to (server_groups, 2.71+).
/// </summary>
public sealed class ServerView(
    string baseUrl,
    ApiVersion version,
    bool isAdmin,
    IServerNetworking? networking,
    Func<string, IReadOnlyList<string>>? serverGroupsOf = null,
    ServerVolumeService? volumes = null)
{
    private string ComputeUrl => baseUrl + ComputeRoutes.Prefix;

    private string BookmarkUrl => baseUrl + "/compute";

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public JsonArray Links(string collection, string id) =>
    [
        new JsonObject { ["rel"] = "self", ["href"] = $"{ComputeUrl}/{collection}/{id}" },
        new JsonObject { ["rel"] = "bookmark", ["href"] = $"{BookmarkUrl}/{collection}/{id}" },
    ];

    public JsonObject Summary(ServerRecord server) => new()
    {
        ["id"] = server.Id,
        ["links"] = Links("servers", server.Id),
        ["name"] = server.Name,
    };

    /// <summary>GET /servers/{id} and /servers/detail entries.</summary>
    public JsonObject Detail(ServerRecord server, bool inList = false)
    {
        var view = Basic(server, extendedAddresses: true);
        view["key_name"] = server.KeyName;
        view["security_groups"] = new JsonArray([.. server.SecurityGroups.Select(g => (JsonNode)new JsonObject { ["name"] = g })]);
        view["OS-SRV-USG:launched_at"] = server.LaunchedAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        view["OS-SRV-USG:terminated_at"] = null;
        view["OS-EXT-AZ:availability_zone"] = server.AvailabilityZone;
        view["OS-EXT-STS:task_state"] = server.TaskState;
        view["OS-EXT-STS:vm_state"] = server.VmState;
        view["OS-EXT-STS:power_state"] = server.PowerState;
        view["config_drive"] = server.ConfigDrive ? "True" : string.Empty;
        view["os-extended-volumes:volumes_attached"] = VolumesAttached(server.Id);
        if (isAdmin)
        {
            view["OS-EXT-SRV-ATTR:host"] = server.Host.Length == 0 ? null : server.Host;
            view["OS-EXT-SRV-ATTR:instance_name"] = ServerService.InstanceNameOf(server);
            view["OS-EXT-SRV-ATTR:hypervisor_hostname"] = server.Host.Length == 0 ? null : server.Host;
            if (version.IsAtLeast(2, 3))
            {
                view["OS-EXT-SRV-ATTR:reservation_id"] = server.ReservationId;
                view["OS-EXT-SRV-ATTR:launch_index"] = server.LaunchIndex;
                view["OS-EXT-SRV-ATTR:kernel_id"] = string.Empty;
                view["OS-EXT-SRV-ATTR:ramdisk_id"] = string.Empty;
                view["OS-EXT-SRV-ATTR:hostname"] = server.HostName;
                view["OS-EXT-SRV-ATTR:root_device_name"] = "/dev/vda";
                view["OS-EXT-SRV-ATTR:user_data"] = server.UserData;
            }

            if (version.IsAtLeast(2, 16))
            {
                view["host_status"] = "UP";
            }
        }

        if (version.IsAtLeast(2, 63))
        {
            view["trusted_image_certificates"] = null;
        }

        if (version.IsAtLeast(2, 71) && !inList)
        {
            view["server_groups"] = ServerGroups(server.Id);
        }

        if (version.IsAtLeast(2, 73))
        {
            view["locked_reason"] = server.LockedReason;
        }

        return view;
    }

    /// <summary>PUT /servers/{id}: the basic view before 2.75, the full one after.</summary>
    public JsonObject Updated(ServerRecord server)
    {
        if (version.IsAtLeast(2, 75))
        {
            return Detail(server);
        }

        var view = Basic(server, extendedAddresses: false);
        AddLaterFields(view, server);
        return view;
    }

    /// <summary>The rebuild action's 202 body (adminPass added by the caller when the cloud returns one).</summary>
    public JsonObject Rebuilt(ServerRecord server)
    {
        JsonObject view;
        if (version.IsAtLeast(2, 75))
        {
            view = Detail(server);
            view.Remove("OS-EXT-SRV-ATTR:user_data");
        }
        else
        {
            view = Basic(server, extendedAddresses: false);
            AddLaterFields(view, server);
        }

        if (version.IsAtLeast(2, 54))
        {
            view["key_name"] = server.KeyName;
        }

        if (version.IsAtLeast(2, 57))
        {
            view["user_data"] = server.UserData;
        }

        return view;
    }

    /// <summary>os-extended-volumes:volumes_attached: the volume ids, with delete_on_termination from 2.3.</summary>
    public JsonArray VolumesAttached(string serverId)
    {
        var list = new JsonArray();
        foreach (var device in volumes?.VolumesOf(serverId) ?? [])
        {
            var entry = new JsonObject { ["id"] = device.VolumeId };
            if (version.IsAtLeast(2, 3))
            {
                entry["delete_on_termination"] = device.DeleteOnTermination;
            }

            list.Add(entry);
        }

        return list;
    }

    public JsonObject Addresses(string serverId, bool extended)
    {
        var addresses = new JsonObject();
        foreach (var port in networking?.PortsOf(serverId) ?? [])
        {
            if (addresses[port.NetworkName] is not JsonArray list)
            {
                list = [];
                addresses[port.NetworkName] = list;
            }

            foreach (var address in port.Addresses)
            {
                var entry = new JsonObject { ["version"] = address.Version, ["addr"] = address.IpAddress };
                if (extended)
                {
                    entry["OS-EXT-IPS:type"] = "fixed";
                    entry["OS-EXT-IPS-MAC:mac_addr"] = port.MacAddress;
                }

                list.Add(entry);
            }

            foreach (var floating in port.FloatingIps ?? [])
            {
                var entry = new JsonObject { ["version"] = floating.Contains(':', StringComparison.Ordinal) ? 6 : 4, ["addr"] = floating };
                if (extended)
                {
                    entry["OS-EXT-IPS:type"] = "floating";
                    entry["OS-EXT-IPS-MAC:mac_addr"] = port.MacAddress;
                }

                list.Add(entry);
            }
        }

        return addresses;
    }

    public JsonNode Flavor(FlavorSnapshot flavor)
    {
        if (!version.IsAtLeast(2, 47))
        {
            return new JsonObject { ["id"] = flavor.Id, ["links"] = new JsonArray(new JsonObject { ["rel"] = "bookmark", ["href"] = $"{BookmarkUrl}/flavors/{flavor.Id}" }) };
        }

        var extraSpecs = new JsonObject();
        foreach (var (key, value) in flavor.ExtraSpecs ?? new Dictionary<string, string>())
        {
            extraSpecs[key] = value;
        }

        return new JsonObject
        {
            ["vcpus"] = flavor.Vcpus,
            ["ram"] = flavor.Ram,
            ["disk"] = flavor.Disk,
            ["ephemeral"] = flavor.Ephemeral,
            ["swap"] = flavor.Swap,
            ["original_name"] = flavor.Name,
            ["extra_specs"] = extraSpecs,
        };
    }

    private JsonObject Basic(ServerRecord server, bool extendedAddresses)
    {
        var status = ServerStatus.Of(server);
        var metadata = new JsonObject();
        foreach (var (key, value) in server.Metadata)
        {
            metadata[key] = value;
        }

        var view = new JsonObject
        {
            ["id"] = server.Id,
            ["name"] = server.Name,
            ["status"] = status,
            ["tenant_id"] = server.ProjectId,
            ["user_id"] = server.UserId,
            ["metadata"] = metadata,
            ["hostId"] = HostId(server),
            ["image"] = server.ImageId is null
                ? string.Empty
                : new JsonObject { ["id"] = server.ImageId, ["links"] = new JsonArray(new JsonObject { ["rel"] = "bookmark", ["href"] = $"{BookmarkUrl}/images/{server.ImageId}" }) },
            ["flavor"] = Flavor(server.Flavor),
            ["created"] = Time(server.CreatedAt),
            ["updated"] = Time(server.UpdatedAt),
            ["addresses"] = Addresses(server.Id, extendedAddresses),
            ["accessIPv4"] = server.AccessIPv4,
            ["accessIPv6"] = server.AccessIPv6,
            ["links"] = Links("servers", server.Id),
            ["OS-DCF:diskConfig"] = server.DiskConfig,
        };
        if (ServerStatus.HasProgress(status))
        {
            view["progress"] = status == "ACTIVE" ? 100 : 0;
        }

        if (server.Fault is { } fault && status is "ERROR" or "DELETED")
        {
            var faultView = new JsonObject { ["code"] = fault.Code, ["created"] = Time(fault.Created), ["message"] = fault.Message };
            if (isAdmin && fault.Details is not null)
            {
                faultView["details"] = fault.Details;
            }

            view["fault"] = faultView;
        }

        if (version.IsAtLeast(2, 9))
        {
            view["locked"] = server.Locked;
        }

        if (version.IsAtLeast(2, 19))
        {
            view["description"] = server.Description;
        }

        if (version.IsAtLeast(2, 26))
        {
            view["tags"] = new JsonArray([.. server.Tags.Select(t => (JsonNode)JsonValue.Create(t))]);
        }

        return view;
    }

    private void AddLaterFields(JsonObject view, ServerRecord server)
    {
        if (version.IsAtLeast(2, 63))
        {
            view["trusted_image_certificates"] = null;
        }

        if (version.IsAtLeast(2, 71))
        {
            view["server_groups"] = ServerGroups(server.Id);
        }

        if (version.IsAtLeast(2, 73))
        {
            view["locked_reason"] = server.LockedReason;
        }
    }

    private JsonArray ServerGroups(string serverId) =>
        new([.. (serverGroupsOf?.Invoke(serverId) ?? []).Select(id => (JsonNode)JsonValue.Create(id))]);

    /// <summary>Nova's hostId (56 hex digits from project id + host): a project sees which of its servers share a host.</summary>
    public static string HostId(ServerRecord server) =>
        string.IsNullOrEmpty(server.Host) || server.VmState == VmStates.Building && server.LaunchedAt is null
            ? string.Empty
            : Convert.ToHexStringLower(Sha224Sized(server.ProjectId + server.Host));

    private static byte[] Sha224Sized(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text))[..28];
}
