using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Flavors;

/// <summary>os-flavor-access: the projects that may use a private flavor (admin only).</summary>
public static partial class FlavorEndpoints
{
    private const string AccessRule = "os_compute_api:os-flavor-access";

    private static void MapFlavorAccess(this RouteGroupBuilder api)
    {
        api.MapGet("/flavors/{id}/os-flavor-access", ListAccess);
        api.MapPost("/flavors/{id}/action", ActionAsync);
    }

    private static IResult ListAccess(string id, HttpContext context, FlavorStore flavors)
    {
        NovaInput.RequireAdmin(context.Auth(), AccessRule);
        var flavor = flavors.Find(id) ?? throw ApiException.NotFound($"Flavor {id} could not be found.");
        if (flavor.IsPublic)
        {
            throw ApiException.NotFound("Access list not available for public flavors.");
        }

        return Results.Json(FlavorView.Access(flavor));
    }

    private static async Task<IResult> ActionAsync(string id, HttpContext context, FlavorStore flavors, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var caller = context.Auth();
        if (body.ContainsKey("addTenantAccess"))
        {
            NovaInput.RequireAdmin(caller, AccessRule + ":add_tenant_access");
            var project = Tenant(NovaInput.Section(body, "addTenantAccess"));
            return Results.Json(FlavorView.Access(ChangeAccess(flavors, id, flavor =>
            {
                if (flavor.IsPublic)
                {
                    throw ApiException.Conflict("Can not add access to a public flavor.");
                }

                if (flavor.Projects.Contains(project))
                {
                    throw ApiException.Conflict($"Flavor access already exists for flavor {id} and project {project} combination.");
                }

                return flavor with { Projects = [.. flavor.Projects, project] };
            })));
        }

        if (body.ContainsKey("removeTenantAccess"))
        {
            NovaInput.RequireAdmin(caller, AccessRule + ":remove_tenant_access");
            var project = Tenant(NovaInput.Section(body, "removeTenantAccess"));
            return Results.Json(FlavorView.Access(ChangeAccess(flavors, id, flavor =>
                flavor.Projects.Contains(project)
                    ? flavor with { Projects = [.. flavor.Projects.Where(p => p != project)] }
                    : throw ApiException.NotFound($"Flavor access not found for {id} / {project} combination."))));
        }

        throw ApiException.NotFound("The resource could not be found.");
    }

    private static FlavorRecord ChangeAccess(FlavorStore flavors, string id, Func<FlavorRecord, FlavorRecord> change)
    {
        lock (flavors.Sync)
        {
            var flavor = flavors.Find(id) ?? throw ApiException.NotFound($"Flavor {id} could not be found.");
            var updated = change(flavor);
            flavors.Put(updated);
            return updated;
        }
    }

    private static string Tenant(JsonObject action)
    {
        NovaInput.NoOtherProperties(action, "tenant");
        if (!action.ContainsKey("tenant"))
        {
            throw ApiException.BadRequest($"Invalid input for field/attribute tenant. Value: None. 'tenant' is a required property");
        }

        return NovaInput.String(action["tenant"], "tenant", 1, 255)!;
    }
}
