using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Image;

/// <summary>Version discovery: GET /image (300) and GET /image/versions (200), anonymous, as Glance lists them.</summary>
public static class ImageVersionEndpoints
{
    private static readonly (string Id, string Status)[] Versions =
    [
        ("v2.17", "CURRENT"), ("v2.16", "SUPPORTED"), ("v2.15", "SUPPORTED"), ("v2.14", "SUPPORTED"), ("v2.13", "SUPPORTED"),
        ("v2.12", "SUPPORTED"), ("v2.11", "SUPPORTED"), ("v2.10", "SUPPORTED"), ("v2.9", "SUPPORTED"), ("v2.8", "SUPPORTED"),
        ("v2.7", "SUPPORTED"), ("v2.6", "SUPPORTED"), ("v2.5", "SUPPORTED"), ("v2.4", "SUPPORTED"), ("v2.3", "SUPPORTED"),
        ("v2.2", "SUPPORTED"), ("v2.1", "SUPPORTED"), ("v2.0", "SUPPORTED"),
    ];

    public static void MapImageVersions(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/image", (HttpContext context, PublicUrls urls) => List(context, urls, 300)).AllowAnonymous();
        routes.MapGet("/image/versions", (HttpContext context, PublicUrls urls) => List(context, urls, 200)).AllowAnonymous();
    }

    private static IResult List(HttpContext context, PublicUrls urls, int status)
    {
        var href = urls.For(context) + "/image/v2/";
        var versions = Versions.Select(v => (JsonNode?)new JsonObject
        {
            ["id"] = v.Id,
            ["status"] = v.Status,
            ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = href }),
        }).ToArray();
        return Results.Json(new JsonObject { ["versions"] = new JsonArray(versions) }, statusCode: status);
    }
}
