using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Orchestration.Api;

/// <summary>All of Heat's routes: the version document at /heat-api, the v1 API under /heat-api/v1/{project_id}.</summary>
public static class HeatApi
{
    public static IEndpointRouteBuilder MapOrchestrationApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/heat-api", (HttpContext context, PublicUrls urls) => Results.Json(Versions(urls.For(context)), statusCode: 300)).AllowAnonymous();
        var v1 = routes.MapGroup(HeatRequest.Prefix).AddEndpointFilter<HeatRequest>();
        v1.MapTemplateEndpoints();
        v1.MapResourceTypeEndpoints();
        v1.MapStackEndpoints();
        v1.MapStackResourceEndpoints();
        v1.MapEventEndpoints();
        v1.MapGet("/build_info", () => Results.Json(new JsonObject
        {
            ["api"] = new JsonObject { ["revision"] = BuildRevision },
            ["engine"] = new JsonObject { ["revision"] = BuildRevision },
        }));
        return routes;
    }

    public static string BuildRevision => typeof(HeatApi).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static JsonObject Versions(string baseUrl) => new()
    {
        ["versions"] = new JsonArray(new JsonObject
        {
            ["id"] = "v1.0",
            ["status"] = "CURRENT",
            ["links"] = new JsonArray(new JsonObject { ["href"] = baseUrl + "/heat-api/v1/", ["rel"] = "self" }),
        }),
    };
}
