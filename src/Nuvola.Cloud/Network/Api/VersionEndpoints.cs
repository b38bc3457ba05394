using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Network.Api;

/// <summary>GET /network (versions, anonymous) and GET /network/v2.0 (the resources of v2.0).</summary>
public static class VersionEndpoints
{
    private static readonly (string Name, string Collection)[] Resources =
    [
        ("network", "networks"), ("subnet", "subnets"), ("port", "ports"),
        ("security_group", "security-groups"), ("security_group_rule", "security-group-rules"), ("quota", "quotas"),
    ];

    public static void MapNetworkVersions(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/network", Versions).AllowAnonymous();
        routes.MapGet("/network/v2.0", Resource);
    }

    private static IResult Versions(HttpContext context, PublicUrls urls) => Results.Json(new JsonObject
    {
        ["versions"] = new JsonArray(new JsonObject
        {
            ["id"] = "v2.0",
            ["status"] = "CURRENT",
            ["links"] = new JsonArray(new JsonObject { ["href"] = urls.For(context) + "/network/v2.0/", ["rel"] = "self" }),
        }),
    });

    private static IResult Resource(HttpContext context, PublicUrls urls)
    {
        var baseUrl = urls.For(context) + "/network/v2.0/";
        return Results.Json(new JsonObject
        {
            ["resources"] = new JsonArray(Resources.Select(r => (JsonNode?)new JsonObject
            {
                ["name"] = r.Name,
                ["collection"] = r.Collection,
                ["links"] = new JsonArray(new JsonObject { ["href"] = baseUrl + r.Collection, ["rel"] = "self" }),
            }).ToArray()),
        });
    }
}
