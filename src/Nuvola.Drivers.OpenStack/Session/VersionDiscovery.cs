using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Nuvola.Drivers.OpenStack.Session;

/// <summary>keystoneauth-like discovery: an unversioned catalog URL becomes the URL of the version the driver speaks
/// (from the service's version document); a versioned one is kept; the microversion range comes from the version
/// document of that version.</summary>
internal static partial class VersionDiscovery
{
    public static bool IsVersioned(string url) => VersionSegment().IsMatch(new Uri(url).AbsolutePath);

    /// <summary>The part of <paramref name="url"/> up to and including its version segment (…/volume/v3).</summary>
    public static string VersionRoot(string url)
    {
        var uri = new Uri(url);
        var match = VersionSegment().Match(uri.AbsolutePath);
        return match.Success ? uri.GetLeftPart(UriPartial.Authority) + uri.AbsolutePath[..(match.Index + match.Length)] : url;
    }

    /// <summary>The entry of <paramref name="document"/> for <paramref name="versionPath"/> (v2, v2.0, v3…).</summary>
    public static JsonObject? Find(JsonNode? document, string versionPath)
    {
        var versions = document?["versions"] switch
        {
            JsonArray array => array,
            JsonObject o when o["values"] is JsonArray values => values,
            _ => document?["version"] is JsonObject single ? new JsonArray(single.DeepClone()) : [],
        };
        var major = versionPath.Split('.')[0];
        return versions.OfType<JsonObject>()
            .Where(v => ((string?)v["id"])?.Split('.')[0] == major)
            .OrderByDescending(v => (string?)v["status"] is "CURRENT" or "stable" ? 1 : 0)
            .ThenByDescending(v => (string?)v["id"] == versionPath ? 1 : 0)
            .FirstOrDefault();
    }

    public static string? SelfLink(JsonObject version) =>
        (version["links"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(l => (string?)l["rel"] == "self")?["href"]?.GetValue<string>();

    /// <summary>The highest microversion a version entry advertises ("version" or "max_version"), if any.</summary>
    public static ApiVersion? MaxMicroversion(JsonObject? version) =>
        ApiVersion.TryParse((string?)version?["version"] is { Length: > 0 } v ? v : (string?)version?["max_version"]);

    [GeneratedRegex(@"/v\d+(\.\d+)?(?=/|$)")]
    private static partial Regex VersionSegment();
}
