using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>
/// Runs before every /volume/v3 handler: negotiates the microversion from `OpenStack-API-Version: volume 3.x`
/// (406 outside MinVersion..MaxVersion), and echoes it with the request id on every response, as Cinder does.
/// </summary>
public sealed class VolumeRequest : IEndpointFilter
{
    public const string Header = "OpenStack-API-Version";
    public const string ServiceType = "volume";
    public const string MinVersion = "3.0";
    public const string MaxVersion = "3.60";
    public const int MaxMinor = 60;
    private const string VersionKey = "nuvola.volume.minor";
    public const string Prefix = "/volume/v3/{project_id}";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var requestId = "req-" + Guid.NewGuid().ToString("D");
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["x-openstack-request-id"] = requestId;
            headers[Header] = ServiceType + " 3." + MinorOf(context).ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers.Vary = Header;
            return Task.CompletedTask;
        });
        context.Items[VersionKey] = Negotiate(context.Request);
        return await next(invocation);
    }

    /// <summary>The negotiated 3.x minor version of this request (0 when none was asked for).</summary>
    public static int MinorOf(HttpContext context) => context.Items.TryGetValue(VersionKey, out var value) && value is int minor ? minor : 0;

    /// <summary>No header → 3.0; "volume latest" → the maximum; "volume 3.x" within range → x; out of range → 406.</summary>
    private static int Negotiate(HttpRequest request)
    {
        foreach (var value in request.Headers[Header])
        {
            foreach (var part in (value ?? string.Empty).Split(','))
            {
                var words = part.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length != 2 || !string.Equals(words[0], ServiceType, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var version = words[1];
                if (string.Equals(version, "latest", StringComparison.OrdinalIgnoreCase))
                {
                    return MaxMinor;
                }

                var pieces = version.Split('.');
                if (pieces.Length != 2 || !int.TryParse(pieces[0], out var major) || !int.TryParse(pieces[1], out var minor))
                {
                    throw ApiException.BadRequest($"Invalid API version request: {version}.");
                }

                if (major == 3 && minor is >= 0 and <= MaxMinor)
                {
                    return minor;
                }

                throw new ApiException(406, major == 3
                    ? $"Version {version} is not supported by the API. Minimum is {MinVersion} and maximum is {MaxVersion}."
                    : $"API version {version} is not supported on this method.");
            }
        }

        return 0;
    }
}
