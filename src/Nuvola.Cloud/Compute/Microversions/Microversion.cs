using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Compute.Microversions;

/// <summary>
/// Nova's microversion negotiation: `OpenStack-API-Version: compute X.Y` (preferred) or the legacy
/// `X-OpenStack-Nova-API-Version: X.Y`; "latest" means <see cref="Max"/>; no header means <see cref="Min"/>.
/// </summary>
public static class Microversion
{
    public const string Header = "OpenStack-API-Version";
    public const string LegacyHeader = "X-OpenStack-Nova-API-Version";
    public const string ServiceType = "compute";

    public static readonly ApiVersion Min = new(2, 1);

    /// <summary>The highest microversion whose response shapes this cloud follows.</summary>
    public static readonly ApiVersion Max = new(2, 79);

    /// <summary>The version a request asks for; 400 for a malformed one, 406 for one outside [Min, Max].</summary>
    public static ApiVersion Negotiate(HttpRequest request)
    {
        var requested = Requested(request);
        if (requested is null)
        {
            return Min;
        }

        if (string.Equals(requested, "latest", StringComparison.OrdinalIgnoreCase))
        {
            return Max;
        }

        var version = ApiVersion.TryParse(requested)
            ?? throw ApiException.BadRequest($"API Version String {requested} is of invalid format. Must be of format MajorNum.MinorNum.");
        if (version < Min || version > Max)
        {
            throw new ApiException(406, $"Version {version} is not supported by the API. Minimum is {Min} and maximum is {Max}.");
        }

        return version;
    }

    /// <summary>The raw version text asked for, or null when the request names no compute version.</summary>
    private static string? Requested(HttpRequest request)
    {
        foreach (var value in request.Headers[Header])
        {
            foreach (var item in (value ?? string.Empty).Split(','))
            {
                var parts = item.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && string.Equals(parts[0], ServiceType, StringComparison.OrdinalIgnoreCase))
                {
                    return parts[1];
                }
            }
        }

        var legacy = request.Headers[LegacyHeader].ToString();
        return legacy.Length > 0 ? legacy : null;
    }
}
