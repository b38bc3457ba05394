using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>/v3/projects/{id}/tags: read by whoever may read the project, changed by admins.</summary>
public static partial class ProjectEndpoints
{
    private static void MapProjectTags(this RouteGroupBuilder projects)
    {
        projects.MapGet("/{projectId}/tags", ListTags);
        projects.MapPut("/{projectId}/tags", ReplaceTagsAsync);
        projects.MapDelete("/{projectId}/tags", ClearTags);
        projects.MapMethods("/{projectId}/tags/{tag}", ["GET", "HEAD"], CheckTag);
        projects.MapPut("/{projectId}/tags/{tag}", AddTag);
        projects.MapDelete("/{projectId}/tags/{tag}", RemoveTag);
    }

    private static IResult ListTags(HttpContext context, IdentityStore identity, string projectId) =>
        Results.Json(new JsonObject { ["tags"] = IdentityJson.Strings(Readable(context, identity, projectId, "list_project_tags").Tags) });

    private static async Task<IResult> ReplaceTagsAsync(HttpContext context, IdentityStore identity, string projectId, CancellationToken cancellationToken)
    {
        IdentityPolicy.Admin(context, "update_project_tags");
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var tags = IdentityRequest.Tags(body) ?? throw IdentityRequest.Invalid("tags", "'tags' is a required property");
        var project = SetTags(identity, projectId, _ => tags);
        return Results.Json(new JsonObject { ["tags"] = IdentityJson.Strings(project.Tags) });
    }

    private static IResult ClearTags(HttpContext context, IdentityStore identity, string projectId)
    {
        IdentityPolicy.Admin(context, "delete_project_tags");
        SetTags(identity, projectId, _ => []);
        return Results.NoContent();
    }

    private static IResult CheckTag(HttpContext context, IdentityStore identity, string projectId, string tag) =>
        (Readable(context, identity, projectId, "get_project_tag").Tags ?? []).Contains(tag)
            ? Results.NoContent()
            : throw ApiException.NotFound($"Could not find project tag: {tag}.");

    private static IResult AddTag(HttpContext context, IdentityStore identity, string projectId, string tag)
    {
        IdentityPolicy.Admin(context, "create_project_tag");
        IdentityRequest.Tags(new JsonObject { ["tags"] = new JsonArray(tag) });
        SetTags(identity, projectId, tags => tags.Contains(tag) ? tags : [.. tags, tag]);
        context.Response.Headers.Location = IdentityJson.Links(context, $"projects/{projectId}/tags/{tag}")["self"]!.ToString();
        return Results.StatusCode(201);
    }

    private static IResult RemoveTag(HttpContext context, IdentityStore identity, string projectId, string tag)
    {
        IdentityPolicy.Admin(context, "delete_project_tag");
        if (!(Find(identity, projectId).Tags ?? []).Contains(tag))
        {
            throw ApiException.NotFound($"Could not find project tag: {tag}.");
        }

        SetTags(identity, projectId, tags => tags.Where(t => t != tag).ToList());
        return Results.NoContent();
    }

    private static ProjectRecord SetTags(IdentityStore identity, string projectId, Func<IReadOnlyList<string>, IReadOnlyList<string>> change)
    {
        lock (identity.Projects.Sync)
        {
            var project = Find(identity, projectId);
            var updated = project with { Tags = change(project.Tags ?? []) };
            if (updated.Tags!.Count > 80)
            {
                throw IdentityRequest.Invalid("tags", "a project has at most 80 tags");
            }

            identity.Projects.Put(projectId, updated);
            return updated;
        }
    }
}
