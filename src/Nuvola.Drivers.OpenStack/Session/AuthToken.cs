using System.Text.Json.Nodes;

namespace Nuvola.Drivers.OpenStack.Session;

/// <summary>A Keystone token as issued: its id, expiry, scope and the service catalog that came with it.</summary>
internal sealed record AuthToken(string Id, DateTimeOffset ExpiresAt, string? ProjectId, string? UserId, JsonArray Catalog)
{
    /// <summary>Reads POST /v3/auth/tokens's answer.</summary>
    public static AuthToken Parse(string id, JsonNode? body)
    {
        var token = body?["token"] as JsonObject;
        var expires = token?["expires_at"]?.GetValue<string>() is { } e && DateTimeOffset.TryParse(e,
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : DateTimeOffset.MaxValue;
        return new AuthToken(id, expires, token?["project"]?["id"]?.GetValue<string>(), token?["user"]?["id"]?.GetValue<string>(),
            token?["catalog"] as JsonArray ?? []);
    }

    /// <summary>The URL of <paramref name="service"/> (any of its catalog aliases) for an interface and region.</summary>
    public string? Endpoint(string service, string iface, string? region)
    {
        foreach (var alias in ServiceTypes.Aliases(service))
        {
            var entry = Catalog.OfType<JsonObject>().FirstOrDefault(s => (string?)s["type"] == alias);
            var endpoint = (entry?["endpoints"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(e =>
                string.Equals((string?)e["interface"], iface, StringComparison.OrdinalIgnoreCase)
                && (region is null || (string?)e["region_id"] == region || (string?)e["region"] == region));
            if (endpoint?["url"]?.GetValue<string>() is { } url)
            {
                return url;
            }
        }

        return null;
    }
}
