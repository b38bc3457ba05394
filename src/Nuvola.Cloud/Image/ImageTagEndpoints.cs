using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Image;

/// <summary>/v2/images/{id}/tags/{tag}: add (PUT) and remove (DELETE), owner or admin only.</summary>
public static class ImageTagEndpoints
{
    public static void MapImageTags(this IEndpointRouteBuilder routes)
    {
        routes.MapPut("/image/v2/images/{imageId}/tags/{tag}", Add);
        routes.MapDelete("/image/v2/images/{imageId}/tags/{tag}", Remove);
    }

    private static IResult Add(HttpContext context, ImageStore store, string imageId, string tag)
    {
        lock (store.Images.Sync)
        {
            var image = Modifiable(context, store, imageId, "update");
            if (tag.Length > 255)
            {
                throw ApiException.BadRequest($"Could not update image: Provided object does not match schema 'image': '{tag}' is too long");
            }

            if (!image.Tags.Contains(tag))
            {
                if (image.Tags.Count >= ImageProperties.MaxTags)
                {
                    throw new ApiException(413, $"Image tag limit exceeded for image {imageId}: Maximum number of tags exceeded: {ImageProperties.MaxTags}.");
                }

                store.Images.Put(imageId, image with { Tags = [.. image.Tags, tag], UpdatedAt = store.Time.GetUtcNow() });
            }
        }

        return Results.NoContent();
    }

    private static IResult Remove(HttpContext context, ImageStore store, string imageId, string tag)
    {
        lock (store.Images.Sync)
        {
            var image = Modifiable(context, store, imageId, "delete");
            if (!image.Tags.Contains(tag))
            {
                throw ApiException.NotFound("The resource could not be found.");
            }

            store.Images.Put(imageId, image with { Tags = image.Tags.Where(t => t != tag).ToList(), UpdatedAt = store.Time.GetUtcNow() });
        }

        return Results.NoContent();
    }

    private static ImageRecord Modifiable(HttpContext context, ImageStore store, string imageId, string verb)
    {
        var caller = context.Auth();
        var image = store.Images.Find(imageId);
        if (image is null || !store.IsVisible(caller, image))
        {
            throw ApiException.NotFound($"Image {imageId} not found.");
        }

        return ImageStore.CanModify(caller, image) ? image : throw ApiException.Forbidden($"Not allowed to {verb} tags for image {imageId}.");
    }
}
