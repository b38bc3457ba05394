namespace Nuvola.Cloud.BlockStorage;

/// <summary>Route groups under /volume/v3/{project_id} with microversion negotiation and request ids.</summary>
public static class VolumeRoutes
{
    public static RouteGroupBuilder MapVolumeApi(this IEndpointRouteBuilder routes) =>
        routes.MapGroup(VolumeRequest.Prefix).AddEndpointFilter<VolumeRequest>();
}
