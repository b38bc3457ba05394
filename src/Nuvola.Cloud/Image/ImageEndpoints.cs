using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Image;

/// <summary>/v2/images: create, list, show, update (JSON patch), delete.</summary>
public static partial class ImageEndpoints
{
    public static void MapImages(this IEndpointRouteBuilder routes)
    {
        var images = routes.MapGroup("/image/v2/images");
        images.MapPost("/", Create);
        images.MapGet("/", List);
        images.MapGet("/{imageId}", Show);
        images.MapPatch("/{imageId}", Update);
        images.MapDelete("/{imageId}", Delete);
        images.MapMethods("/", ["DELETE", "PATCH", "PUT"], EmptyId);
    }

    /// <summary>"/v2/images/" names no image: Glance answers 404 (as for GET); without the slash the method is not allowed.</summary>
    private static IResult EmptyId(HttpContext context) =>
        HasTrailingSlash(context) ? throw ApiException.NotFound("The resource could not be found.") : throw new ApiException(405, "The method is not allowed for the requested URL.");

    private static bool HasTrailingSlash(HttpContext context) => context.Request.Path.Value?.EndsWith('/') == true;

    private static async Task<IResult> Create(HttpContext context, ImageStore store, PublicUrls urls, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        if (!caller.CanWrite)
        {
            throw ApiException.Forbidden("You are not authorized to complete add_image action.");
        }

        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        foreach (var key in ImageProperties.Disallowed.Where(body.ContainsKey))
        {
            throw ApiException.Forbidden($"Attribute '{key}' is read-only.");
        }

        var project = caller.RequireProject();
        var image = store.New(Guid.NewGuid().ToString(), project, store.Time.GetUtcNow());
        foreach (var (key, value) in body)
        {
            ImageProperties.CheckWritable(key, ImageProperties.ReadOnlyOnCreate);
            if (key == "owner" && !caller.IsAdmin && value?.ToString() != project)
            {
                throw ApiException.Forbidden($"You are not permitted to create images owned by '{value}'.");
            }

            image = ImageProperties.Set(image, key, value, caller, creating: true);
        }

        lock (store.Images.Sync)
        {
            if (store.Images.Contains(image.Id))
            {
                throw ApiException.Conflict($"Image with identifier {image.Id} already exists!");
            }

            store.Images.Put(image.Id, image);
        }

        return new LocatedResult(Results.Json(ImageJson.ToJson(image), statusCode: 201), urls.For(context) + "/image/v2/images/" + image.Id);
    }

    private static IResult Show(HttpContext context, ImageStore store, string imageId) =>
        Results.Json(ImageJson.ToJson(store.Require(context.Auth(), imageId)));

    private static IResult Delete(HttpContext context, ImageStore store, string imageId)
    {
        var caller = context.Auth();
        lock (store.Images.Sync)
        {
            var image = store.RequireModifiable(caller, imageId, "delete_image");
            if (image.Protected)
            {
                throw ApiException.Forbidden($"Image {imageId} is protected and cannot be deleted.");
            }

            store.Images.Remove(imageId);
            foreach (var member in store.MembersOf(imageId).ToList())
            {
                store.Members.Remove(ImageStore.MemberKey(member.ImageId, member.MemberId));
            }
        }

        store.DeleteData(imageId);
        return Results.NoContent();
    }

    private static async Task<IResult> Update(HttpContext context, ImageStore store, string imageId, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var changes = await ImagePatch.ReadAsync(context.Request, cancellationToken);
        lock (store.Images.Sync)
        {
            var image = store.Require(caller, imageId);
            if (!ImageStore.CanModify(caller, image))
            {
                throw ApiException.Forbidden("You are not authorized to complete modify_image action.");
            }

            var updated = ImagePatch.Apply(image, changes, caller);
            if (changes.Count > 0)
            {
                updated = updated with { UpdatedAt = store.Time.GetUtcNow() };
                store.Images.Put(imageId, updated);
            }

            return Results.Json(ImageJson.ToJson(updated));
        }
    }

    /// <summary>A result with a Location header.</summary>
    private sealed class LocatedResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
