using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Image;

/// <summary>/v2/images/{id}/actions/deactivate and /reactivate (owner member or admin; 204).</summary>
public static class ImageActionEndpoints
{
    public static void MapImageActions(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/image/v2/images/{imageId}/actions/deactivate", (HttpContext context, ImageStore store, string imageId) =>
            Transition(context, store, imageId, "deactivate", ImageStatus.Active, ImageStatus.Deactivated));
        routes.MapPost("/image/v2/images/{imageId}/actions/reactivate", (HttpContext context, ImageStore store, string imageId) =>
            Transition(context, store, imageId, "reactivate", ImageStatus.Deactivated, ImageStatus.Active));
    }

    private static IResult Transition(HttpContext context, ImageStore store, string imageId, string action, string from, string to)
    {
        lock (store.Images.Sync)
        {
            var image = store.RequireModifiable(context.Auth(), imageId, action);
            if (image.Status == from)
            {
                store.Images.Put(imageId, image with { Status = to, UpdatedAt = store.Time.GetUtcNow() });
            }
            else if (image.Status != to)
            {
                throw ApiException.Forbidden($"Not allowed to {action} image in status '{image.Status}'");
            }
        }

        return Results.NoContent();
    }
}
