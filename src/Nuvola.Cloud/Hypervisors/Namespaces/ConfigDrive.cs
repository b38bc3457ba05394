using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Hypervisors.Namespaces.Networking;

namespace Nuvola.Cloud.Hypervisors.Namespaces;

/// <summary>What a guest learns about itself: the OpenStack metadata documents, served at 169.254.169.254 and kept in the config drive directory.</summary>
public sealed record InstanceMetadata(
    string InstanceId,
    string Name,
    string HostName,
    string ProjectId,
    int LaunchIndex,
    string AvailabilityZone,
    string? KeyName,
    string? PublicKey,
    IReadOnlyDictionary<string, string> Meta,
    string? UserData,
    IReadOnlyList<InstancePort> Ports);

/// <summary>
/// Writes the config drive directory (openstack/latest/meta_data.json, network_data.json, vendor_data.json, user_data,
/// and the same under openstack/2012-08-10 and the other dated versions cloud-init asks for), mounted read-only at
/// /mnt/config inside the instance.
/// </summary>
public static class ConfigDrive
{
    public static readonly string[] Versions = ["latest", "2012-08-10", "2013-04-04", "2013-10-17", "2015-10-15", "2016-06-30", "2016-10-06", "2017-02-22", "2018-08-27"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string directory, InstanceMetadata metadata)
    {
        var documents = Documents(metadata);
        foreach (var version in Versions)
        {
            var folder = Path.Combine(directory, "openstack", version);
            Directory.CreateDirectory(folder);
            foreach (var (name, content) in documents)
            {
                File.WriteAllText(Path.Combine(folder, name), content);
            }

            if (metadata.UserData is null)
            {
                File.Delete(Path.Combine(folder, "user_data"));
            }
        }
    }

    /// <summary>The documents by file name (user_data only when the server has some).</summary>
    public static IReadOnlyDictionary<string, string> Documents(InstanceMetadata metadata)
    {
        var documents = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["meta_data.json"] = MetaData(metadata).ToJsonString(Indented),
            ["network_data.json"] = NetworkData(metadata.Ports).ToJsonString(Indented),
            ["vendor_data.json"] = "{}",
            ["vendor_data2.json"] = "{}",
        };
        if (metadata.UserData is not null)
        {
            documents["user_data"] = metadata.UserData;
        }

        return documents;
    }

    public static JsonObject MetaData(InstanceMetadata m)
    {
        var meta = new JsonObject();
        foreach (var (key, value) in m.Meta)
        {
            meta[key] = value;
        }

        var document = new JsonObject
        {
            ["uuid"] = m.InstanceId,
            ["name"] = m.Name,
            ["hostname"] = m.HostName,
            ["launch_index"] = m.LaunchIndex,
            ["availability_zone"] = m.AvailabilityZone,
            ["project_id"] = m.ProjectId,
            ["meta"] = meta,
            ["devices"] = new JsonArray(),
            ["random_seed"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64)),
        };
        if (m.KeyName is not null && m.PublicKey is not null)
        {
            document["public_keys"] = new JsonObject { [m.KeyName] = m.PublicKey };
            document["keys"] = new JsonArray(new JsonObject { ["name"] = m.KeyName, ["type"] = "ssh", ["data"] = m.PublicKey });
        }

        return document;
    }

    public static JsonObject NetworkData(IReadOnlyList<InstancePort> ports)
    {
        var links = new JsonArray();
        var networks = new JsonArray();
        var index = 0;
        foreach (var port in ports)
        {
            var link = NamespaceNames.FabricEnd(port.PortId);
            links.Add(new JsonObject
            {
                ["id"] = link,
                ["vif_id"] = port.PortId,
                ["type"] = "vif",
                ["ethernet_mac_address"] = port.MacAddress,
                ["mtu"] = port.Mtu,
            });
            foreach (var address in port.Addresses)
            {
                var routes = new JsonArray();
                if (address.Gateway is not null)
                {
                    routes.Add(new JsonObject { ["network"] = "0.0.0.0", ["netmask"] = "0.0.0.0", ["gateway"] = address.Gateway });
                }

                networks.Add(new JsonObject
                {
                    ["id"] = "network" + index++,
                    ["type"] = "ipv4",
                    ["link"] = link,
                    ["ip_address"] = address.IpAddress,
                    ["netmask"] = Netmask(address.PrefixLength),
                    ["routes"] = routes,
                    ["network_id"] = port.NetworkId,
                    ["services"] = new JsonArray(),
                });
            }
        }

        return new JsonObject { ["links"] = links, ["networks"] = networks, ["services"] = new JsonArray() };
    }

    private static string Netmask(int prefix)
    {
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return $"{mask >> 24}.{(mask >> 16) & 255}.{(mask >> 8) & 255}.{mask & 255}";
    }
}
