namespace Nuvola.Cloud.Image;

/// <summary>/v2/schemas/image, images, member, members.</summary>
public static class ImageSchemaEndpoints
{
    public static void MapImageSchemas(this IEndpointRouteBuilder routes)
    {
        var schemas = routes.MapGroup("/image/v2/schemas");
        schemas.MapGet("/image", () => Results.Json(ImageSchemas.Image()));
        schemas.MapGet("/images", () => Results.Json(ImageSchemas.Images()));
        schemas.MapGet("/member", () => Results.Json(ImageSchemas.Member()));
        schemas.MapGet("/members", () => Results.Json(ImageSchemas.Members()));
    }
}
