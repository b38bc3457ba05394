using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Compute.Microversions;

/// <summary>
/// Runs before every compute handler: negotiates the microversion, assigns the request id, and has both
/// echoed on the response (also on error responses) with `Vary`, as Nova does.
/// </summary>
public sealed class ComputeRequest : IEndpointFilter
{
    private const string VersionKey = "nuvola.compute.version";
    private const string RequestIdKey = "nuvola.compute.request-id";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var requestId = RequestIdOf(context);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["x-openstack-request-id"] = requestId;
            headers["x-compute-request-id"] = requestId;
            if (context.Items.TryGetValue(VersionKey, out var value) && value is ApiVersion version)
            {
                headers[Microversion.Header] = Microversion.ServiceType + " " + version;
                headers[Microversion.LegacyHeader] = version.ToString();
                headers.Vary = Microversion.Header + ", " + Microversion.LegacyHeader;
            }

            return Task.CompletedTask;
        });
        context.Items[VersionKey] = Microversion.Negotiate(context.Request);
        return await next(invocation);
    }

    /// <summary>The negotiated microversion of this request (2.1 outside the compute API).</summary>
    public static ApiVersion VersionOf(HttpContext context) =>
        context.Items.TryGetValue(VersionKey, out var value) && value is ApiVersion version ? version : Microversion.Min;

    /// <summary>This request's id, "req-" + a UUID, as in x-openstack-request-id.</summary>
    public static string RequestIdOf(HttpContext context)
    {
        if (context.Items.TryGetValue(RequestIdKey, out var value) && value is string id)
        {
            return id;
        }

        id = "req-" + Guid.NewGuid().ToString("D");
        context.Items[RequestIdKey] = id;
        return id;
    }
}
