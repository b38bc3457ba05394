using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Identity;

/// <summary>The services the cloud publishes in Keystone's catalog, each at its path under the one base URL.</summary>
public static class ServiceCatalog
{
    public static readonly IReadOnlyList<(string Type, string Name, string Path)> Services =
    [
        ("identity", "keystone", "/identity"),
        ("compute", "nova", "/compute/v2.1"),
        ("image", "glance", "/image"),
        ("network", "neutron", "/network"),
        ("volumev3", "cinderv3", "/volume/v3/{project_id}"),
        ("block-storage", "cinder", "/volume/v3/{project_id}"),
        ("orchestration", "heat", "/heat-api/v1/{project_id}"),
    ];

    private static readonly string[] Interfaces = ["public", "internal", "admin"];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Ids = new(StringComparer.Ordinal);

    public static string ServiceId(string type) => StableId("service:" + type);

    public static string EndpointId(string type, string iface) => StableId("endpoint:" + type + ":" + iface);

    public static JsonArray Build(string baseUrl, string region, string? projectId)
    {
        var catalog = new JsonArray();
        foreach (var (type, name, path) in Services)
        {
            var endpoints = new JsonArray();
            foreach (var iface in Interfaces)
            {
                endpoints.Add(new JsonObject
                {
                    ["id"] = EndpointId(type, iface),
                    ["interface"] = iface,
                    ["region_id"] = region,
                    ["region"] = region,
                    ["url"] = baseUrl + path.Replace("{project_id}", projectId ?? string.Empty, StringComparison.Ordinal),
                });
            }

            catalog.Add(new JsonObject { ["id"] = ServiceId(type), ["type"] = type, ["name"] = name, ["endpoints"] = endpoints });
        }

        return catalog;
    }

    private static string StableId(string seed) =>
        Ids.GetOrAdd(seed, static s => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..32]);
}
