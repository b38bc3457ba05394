using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>/v3/projects: admins list and manage projects; a caller may read a project it holds a role on.</summary>
public static partial class ProjectEndpoints
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "id", "name", "domain_id", "description", "enabled", "parent_id", "is_domain", "tags", "options", "links",
    };

    public static void MapProjects(this IEndpointRouteBuilder routes)
    {
        var projects = routes.MapGroup("/identity/v3/projects");
        projects.MapGet("/", List);
        projects.MapPost("/", CreateAsync);
        projects.MapGet("/{projectId}", Show);
        projects.MapPatch("/{projectId}", UpdateAsync);
        projects.MapDelete("/{projectId}", Delete);
        projects.MapProjectTags();
    }

    private static IResult List(HttpContext context, IdentityStore identity)
    {
        IdentityPolicy.Admin(context, "list_projects");
        var filter = ProjectFilter.From(context);
        var items = identity.Projects.Values
            .Where(filter.Matches)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => ToJson(p, context));
        return Results.Json(IdentityJson.Collection(context, "projects", items));
    }

    private static IResult Show(HttpContext context, IdentityStore identity, string projectId) =>
        Results.Json(new JsonObject { ["project"] = ToJson(Readable(context, identity, projectId, "get_project"), context) });

    private static async Task<IResult> CreateAsync(HttpContext context, IdentityStore identity, CancellationToken cancellationToken)
    {
        var auth = IdentityPolicy.Admin(context, "create_project");
        var body = await IdentityRequest.ReadAsync(context.Request, "project", cancellationToken);
        var name = IdentityRequest.RequiredString(body, "name", 64);
        if (IdentityRequest.Bool(body, "is_domain") == true)
        {
            throw ApiException.BadRequest("Projects acting as domains are not supported by this cloud.");
        }

        var parentId = IdentityRequest.String(body, "parent_id", 64);
        var parent = parentId is null ? null : identity.Projects.Find(parentId) ?? throw ApiException.NotFound($"Could not find project: {parentId}.");
        var domainId = IdentityRequest.String(body, "domain_id", 64) ?? parent?.DomainId ?? auth.DomainId ?? auth.ProjectDomainId ?? IdentityStore.DefaultDomainId;
        if (identity.Domains.Find(domainId) is null)
        {
            throw ApiException.NotFound($"Could not find domain: {domainId}.");
        }

        if (parent is not null && parent.DomainId != domainId)
        {
            throw ApiException.BadRequest("Cannot create project, since its parent is in a different domain.");
        }

        var project = new ProjectRecord(
            IdentityModule.NewId(),
            name,
            domainId,
            IdentityRequest.String(body, "description", 65535) ?? string.Empty,
            IdentityRequest.Bool(body, "enabled") ?? true,
            parent?.Id,
            IdentityRequest.Tags(body) ?? [],
            Extra(body, null));
        lock (identity.Projects.Sync)
        {
            EnsureUniqueName(identity, project);
            identity.Projects.Put(project.Id, project);
        }

        return Results.Json(new JsonObject { ["project"] = ToJson(project, context) }, statusCode: 201);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, IdentityStore identity, string projectId, CancellationToken cancellationToken)
    {
        IdentityPolicy.Admin(context, "update_project");
        var body = await IdentityRequest.ReadAsync(context.Request, "project", cancellationToken);
        ProjectRecord updated;
        lock (identity.Projects.Sync)
        {
            var project = Find(identity, projectId);
            foreach (var fixedField in new[] { "domain_id", "parent_id", "is_domain" })
            {
                if (body[fixedField] is { } value && value.ToString() != ToJson(project, null)[fixedField]?.ToString())
                {
                    throw ApiException.BadRequest($"Update of `{fixedField}` is not allowed.");
                }
            }

            updated = project with
            {
                Name = body.ContainsKey("name") ? IdentityRequest.RequiredString(body, "name", 64) : project.Name,
                Description = body.ContainsKey("description") ? IdentityRequest.String(body, "description", 65535) ?? string.Empty : project.Description,
                Enabled = IdentityRequest.Bool(body, "enabled") ?? project.Enabled,
                Tags = IdentityRequest.Tags(body) ?? project.Tags,
                Extra = Extra(body, project.Extra),
            };
            EnsureUniqueName(identity, updated);
            identity.Projects.Put(projectId, updated);
        }

        identity.Changed();
        return Results.Json(new JsonObject { ["project"] = ToJson(updated, context) });
    }

    private static IResult Delete(HttpContext context, IdentityStore identity, string projectId)
    {
        IdentityPolicy.Admin(context, "delete_project");
        Find(identity, projectId);
        if (identity.Projects.Values.Any(p => p.ParentId == projectId))
        {
            throw ApiException.Forbidden($"Cannot delete the project {projectId} since it is not a leaf in the hierarchy. Use the cascade option if you want to delete a whole subtree.");
        }

        Remove(identity, projectId);
        return Results.NoContent();
    }

    /// <summary>Removes a project with its role assignments and application credentials; its tokens stop validating.</summary>
    internal static void Remove(IdentityStore identity, string projectId)
    {
        foreach (var assignment in identity.Assignments.Values.Where(a => a.ProjectId == projectId).ToList())
        {
            identity.Assignments.Remove(assignment.Id);
        }

        foreach (var credential in identity.ApplicationCredentials.Values.Where(c => c.ProjectId == projectId).ToList())
        {
            identity.ApplicationCredentials.Remove(credential.Id);
        }

        identity.Projects.Remove(projectId);
        identity.Changed();
    }

    internal static ProjectRecord Find(IdentityStore identity, string projectId) =>
        identity.Projects.Find(projectId) ?? throw ApiException.NotFound($"Could not find project: {projectId}.");

    /// <summary>A project the caller may read: any for an admin, else one it is scoped to or holds a role on (403 otherwise).</summary>
    internal static ProjectRecord Readable(HttpContext context, IdentityStore identity, string projectId, string action)
    {
        var auth = context.Auth();
        if (!auth.IsAdmin && auth.ProjectId != projectId && !identity.ProjectIdsOf(auth.UserId).Contains(projectId))
        {
            throw IdentityPolicy.Denied(action);
        }

        return Find(identity, projectId);
    }

    private static void EnsureUniqueName(IdentityStore identity, ProjectRecord project)
    {
        if (identity.Projects.Values.Any(p => p.Id != project.Id && p.DomainId == project.DomainId && string.Equals(p.Name, project.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw ApiException.Conflict($"Conflict occurred attempting to store project - it is not permitted to have two projects with the same name in the same domain : {project.Name}.");
        }
    }

    private static Dictionary<string, string>? Extra(JsonObject body, IReadOnlyDictionary<string, string>? existing)
    {
        var extra = new Dictionary<string, string>(existing ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in body)
        {
            if (!Fields.Contains(key) && value is JsonValue scalar && scalar.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                extra[key] = scalar.GetValue<string>();
            }
        }

        return extra.Count == 0 ? null : extra;
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
            ["tags"] = IdentityJson.Strings(project.Tags),
            ["options"] = new JsonObject(),
        };
        if (urls is not null)
        {
            json["links"] = IdentityJson.Links(urls, "projects/" + project.Id);
        }

        foreach (var (key, value) in project.Extra ?? new Dictionary<string, string>())
        {
            json[key] = value;
        }

        return json;
    }
}
