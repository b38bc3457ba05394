using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>/v3/regions, /v3/services and /v3/endpoints: read-only views of the fixed <see cref="ServiceCatalog"/>.</summary>
public static class CatalogEndpoints
{
    public static void MapCatalog(this IEndpointRouteBuilder routes)
    {
        var v3 = routes.MapGroup("/identity/v3");
        v3.MapGet("/regions", Regions);
        v3.MapGet("/regions/{regionId}", Region);
        v3.MapGet("/services", Services);
        v3.MapGet("/services/{serviceId}", Service);
        v3.MapGet("/endpoints", Endpoints);
        v3.MapGet("/endpoints/{endpointId}", Endpoint);
    }

    private static IResult Regions(HttpContext context, CloudRegion region) =>
        Results.Json(IdentityJson.Collection(context, "regions", [RegionJson(region.Name, context)]));

    private static IResult Region(HttpContext context, CloudRegion region, string regionId) =>
        regionId == region.Name
            ? Results.Json(new JsonObject { ["region"] = RegionJson(region.Name, context) })
            : throw ApiException.NotFound($"Could not find region: {regionId}.");

    private static IResult Services(HttpContext context)
    {
        IdentityPolicy.Admin(context, "list_services");
        var type = IdentityRequest.Query(context, "type");
        var name = IdentityRequest.Query(context, "name");
        var items = ServiceCatalog.Services
            .Where(s => (type is null || s.Type == type) && (name is null || s.Name == name))
            .Select(s => ServiceJson(s.Type, s.Name, context));
        return Results.Json(IdentityJson.Collection(context, "services", items));
    }

    private static IResult Service(HttpContext context, string serviceId)
    {
        IdentityPolicy.Admin(context, "get_service");
        var service = ServiceCatalog.Services.FirstOrDefault(s => ServiceCatalog.ServiceId(s.Type) == serviceId);
        return service.Type is null
            ? throw ApiException.NotFound($"Could not find service: {serviceId}.")
            : Results.Json(new JsonObject { ["service"] = ServiceJson(service.Type, service.Name, context) });
    }

    private static IResult Endpoints(HttpContext context, CloudRegion region, PublicUrls urls)
    {
        IdentityPolicy.Admin(context, "list_endpoints");
        var serviceId = IdentityRequest.Query(context, "service_id");
        var iface = IdentityRequest.Query(context, "interface");
        var regionId = IdentityRequest.Query(context, "region_id");
        var items = AllEndpoints(context, region, urls)
            .Where(e => (serviceId is null || e["service_id"]!.ToString() == serviceId)
                && (iface is null || e["interface"]!.ToString() == iface)
                && (regionId is null || e["region_id"]!.ToString() == regionId));
        return Results.Json(IdentityJson.Collection(context, "endpoints", items));
    }

    private static IResult Endpoint(HttpContext context, CloudRegion region, PublicUrls urls, string endpointId)
    {
        IdentityPolicy.Admin(context, "get_endpoint");
        var endpoint = AllEndpoints(context, region, urls).FirstOrDefault(e => e["id"]!.ToString() == endpointId)
            ?? throw ApiException.NotFound($"Could not find endpoint: {endpointId}.");
        return Results.Json(new JsonObject { ["endpoint"] = endpoint });
    }

    private static IEnumerable<JsonObject> AllEndpoints(HttpContext context, CloudRegion region, PublicUrls urls)
    {
        foreach (var service in ServiceCatalog.Build(urls.For(context), region.Name, null).OfType<JsonObject>())
        {
            foreach (var endpoint in service["endpoints"]!.AsArray().OfType<JsonObject>())
            {
                yield return new JsonObject
                {
                    ["id"] = endpoint["id"]!.ToString(),
                    ["interface"] = endpoint["interface"]!.ToString(),
                    ["region"] = region.Name,
                    ["region_id"] = region.Name,
                    ["service_id"] = service["id"]!.ToString(),
                    ["url"] = endpoint["url"]!.ToString(),
                    ["enabled"] = true,
                    ["links"] = IdentityJson.Links(context, "endpoints/" + endpoint["id"]),
                };
            }
        }
    }

    private static JsonObject RegionJson(string name, HttpContext context) => new()
    {
        ["id"] = name,
        ["description"] = string.Empty,
        ["parent_region_id"] = null,
        ["links"] = IdentityJson.Links(context, "regions/" + name),
    };

    private static JsonObject ServiceJson(string type, string name, HttpContext context) => new()
    {
        ["id"] = ServiceCatalog.ServiceId(type),
        ["type"] = type,
        ["name"] = name,
        ["description"] = string.Empty,
        ["enabled"] = true,
        ["links"] = IdentityJson.Links(context, "services/" + ServiceCatalog.ServiceId(type)),
    };
}
