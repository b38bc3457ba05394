namespace Nuvola.Cloud.Compute.Microversions;

/// <summary>How every compute resource maps its routes, and how handlers read the negotiated microversion.</summary>
public static class ComputeRoutes
{
    public const string Prefix = "/compute/v2.1";

    /// <summary>A route group under /compute/v2.1 whose handlers get microversion negotiation and request ids.</summary>
    public static RouteGroupBuilder MapComputeApi(this IEndpointRouteBuilder routes) =>
        routes.MapGroup(Prefix).AddEndpointFilter<ComputeRequest>();

    /// <summary>The microversion negotiated for this request.</summary>
    public static ApiVersion ComputeVersion(this HttpContext context) => ComputeRequest.VersionOf(context);

    /// <summary>True when the request's microversion is at least major.minor.</summary>
    public static bool ComputeVersionAtLeast(this HttpContext context, int major, int minor) =>
        ComputeRequest.VersionOf(context).IsAtLeast(major, minor);

    /// <summary>The request id sent back as x-openstack-request-id / x-compute-request-id.</summary>
    public static string ComputeRequestId(this HttpContext context) => ComputeRequest.RequestIdOf(context);
}
