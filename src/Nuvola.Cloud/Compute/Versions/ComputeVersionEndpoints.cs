using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Compute.Versions;

/// <summary>
/// Version discovery as Nova answers it: GET /compute/ lists v2.0 and v2.1 (200), GET /compute/v2/ and
/// GET /compute/v2.1/ give one version document each. Anonymous.
/// </summary>
public static class ComputeVersionEndpoints
{
    public static IEndpointRouteBuilder MapComputeVersions(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/compute", List).AllowAnonymous();
        routes.MapGet("/compute/v2", V20Document).AllowAnonymous();
        routes.MapGet("/compute/v2.1", V21Document).AllowAnonymous();
        return routes;
    }

    private static IResult List(HttpContext context, PublicUrls urls)
    {
        var baseUrl = urls.For(context);
        return Results.Json(new JsonObject { ["versions"] = new JsonArray(V20(baseUrl, detail: false), V21(baseUrl, detail: false)) });
    }

    private static IResult V20Document(HttpContext context, PublicUrls urls) =>
        Results.Json(new JsonObject { ["version"] = V20(urls.For(context), detail: true) });

    private static IResult V21Document(HttpContext context, PublicUrls urls) =>
        Results.Json(new JsonObject { ["version"] = V21(urls.For(context), detail: true) });

    private static JsonObject V20(string baseUrl, bool detail) =>
        Version("v2.0", "SUPPORTED", string.Empty, string.Empty, "2011-01-21T11:33:21Z", baseUrl + "/compute/v2/", "2", detail);

    private static JsonObject V21(string baseUrl, bool detail) =>
        Version("v2.1", "CURRENT", ComputeApiVersions.MaxVersion, ComputeApiVersions.MinVersion, "2013-07-23T11:33:21Z", baseUrl + "/compute/v2.1/", "2.1", detail);

    private static JsonObject Version(string id, string status, string version, string minVersion, string updated, string href, string mediaVersion, bool detail)
    {
        var links = new JsonArray(new JsonObject { ["href"] = href, ["rel"] = "self" });
        var document = new JsonObject
        {
            ["id"] = id,
            ["status"] = status,
            ["version"] = version,
            ["min_version"] = minVersion,
            ["updated"] = updated,
            ["links"] = links,
        };
        if (detail)
        {
            links.Add(new JsonObject { ["href"] = "http://docs.openstack.org/", ["rel"] = "describedby", ["type"] = "text/html" });
            document["media-types"] = new JsonArray(new JsonObject
            {
                ["base"] = "application/json",
                ["type"] = "application/vnd.openstack.compute+json;version=" + mediaVersion,
            });
        }

        return document;
    }
}
