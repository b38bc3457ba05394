using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>Version discovery: GET /identity (300, the list) and GET /identity/v3 (the v3 document).</summary>
public static class IdentityVersionEndpoints
{
    public static void MapIdentityVersions(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/identity", Versions).AllowAnonymous();
        routes.MapGet("/identity/v3", Version).AllowAnonymous();
    }

    private static IResult Versions(HttpContext context, PublicUrls urls) =>
        Results.Json(new JsonObject { ["versions"] = new JsonObject { ["values"] = new JsonArray(V3(urls.For(context))) } }, statusCode: 300);

    private static IResult Version(HttpContext context, PublicUrls urls) =>
        Results.Json(new JsonObject { ["version"] = V3(urls.For(context)) });

    private static JsonObject V3(string baseUrl) => new()
    {
        ["id"] = "v3.14",
        ["status"] = "stable",
        ["updated"] = "2020-04-07T00:00:00Z",
        ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = baseUrl + "/identity/v3/" }),
        ["media-types"] = new JsonArray(new JsonObject { ["base"] = "application/json", ["type"] = "application/vnd.openstack.identity-v3+json" }),
    };
}
