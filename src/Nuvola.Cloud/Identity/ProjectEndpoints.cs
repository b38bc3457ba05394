using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>/v3/projects. Admins see every project; others see the projects they hold a role on.</summary>
public static class ProjectEndpoints
{
    public static void MapProjects(this IEndpointRouteBuilder routes)
    {
        var projects = routes.MapGroup("/identity/v3/projects");
        projects.MapGet("/", List);
        projects.MapGet("/{projectId}", Show);
    }

    private static IResult List(HttpContext context, IdentityStore identity)
    {
        var auth = context.Auth();
        var query = context.Request.Query;
        var items = identity.Projects.Values
            .Where(p => auth.IsAdmin || identity.EffectiveRoles(auth.UserId, p.Id, null).Count > 0)
            .Where(p => !query.TryGetValue("name", out var name) || p.Name == name.ToString())
            .Where(p => !query.TryGetValue("domain_id", out var domain) || p.DomainId == domain.ToString())
            .Where(p => !query.TryGetValue("enabled", out var enabled) || p.Enabled == bool.Parse(enabled.ToString()))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => (JsonNode?)ToJson(p, context))
            .ToArray();
        return Results.Json(new JsonObject { ["projects"] = new JsonArray(items), ["links"] = AuthEndpoints.Links(context) });
    }

    private static IResult Show(HttpContext context, IdentityStore identity, string projectId)
    {
        var auth = context.Auth();
        var project = identity.Projects.Find(projectId);
        if (project is null || (!auth.IsAdmin && auth.ProjectId != projectId && identity.EffectiveRoles(auth.UserId, projectId, null).Count == 0))
        {
            throw ApiException.NotFound($"Could not find project: {projectId}.");
        }

        return Results.Json(new JsonObject { ["project"] = ToJson(project, context) });
    }

    public static JsonObject ToJson(ProjectRecord project, HttpContext? urls)
    {
        var json = new JsonObject
        {
            ["id"] = project.Id,
            ["name"] = project.Name,
            ["domain_id"] = project.DomainId,
            ["description"] = project.Description,
            ["enabled"] = project.Enabled,
            ["parent_id"] = project.ParentId ?? project.DomainId,
            ["is_domain"] = false,
            ["tags"] = new JsonArray((project.Tags ?? []).Select(t => (JsonNode?)t).ToArray()),
            ["options"] = new JsonObject(),
        };
        if (urls is not null)
        {
            json["links"] = new JsonObject { ["self"] = $"{urls.Request.Scheme}://{urls.Request.Host}/identity/v3/projects/{project.Id}" };
        }

        foreach (var (key, value) in project.Extra ?? new Dictionary<string, string>())
        {
            json[key] = value;
        }

        return json;
    }
}
