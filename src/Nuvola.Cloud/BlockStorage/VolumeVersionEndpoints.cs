using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>Version discovery as Cinder answers it: GET /volume lists v3.0 (300), GET /volume/v3 gives it alone. Anonymous.</summary>
public static class VolumeVersionEndpoints
{
    public static IEndpointRouteBuilder MapVolumeVersions(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/volume", (HttpContext context, PublicUrls urls) => Results.Json(List(urls.For(context)), statusCode: 300)).AllowAnonymous();
        routes.MapGet("/volume/v3", (HttpContext context, PublicUrls urls) => Results.Json(List(urls.For(context)))).AllowAnonymous();
        return routes;
    }

    private static JsonObject List(string baseUrl) => new()
    {
        ["versions"] = new JsonArray(new JsonObject
        {
            ["id"] = "v3.0",
            ["status"] = "CURRENT",
            ["version"] = VolumeRequest.MaxVersion,
            ["min_version"] = VolumeRequest.MinVersion,
            ["updated"] = "2016-02-08T12:20:21Z",
            ["links"] = new JsonArray(
                new JsonObject { ["rel"] = "describedby", ["type"] = "text/html", ["href"] = "https://docs.openstack.org/" },
                new JsonObject { ["rel"] = "self", ["href"] = baseUrl + "/volume/v3/" }),
            ["media-types"] = new JsonArray(new JsonObject
            {
                ["base"] = "application/json",
                ["type"] = "application/vnd.openstack.volume+json;version=3",
            }),
        }),
    };
}
