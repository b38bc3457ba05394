using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>/servers/{id}/tags[/{tag}] (microversion 2.26+): list, replace all, delete all, check, add, delete one.</summary>
public static class ServerTagEndpoints
{
    private const int MaxTags = 50;

    public static IEndpointRouteBuilder MapServerTags(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapComputeApi();
        api.MapGet("/servers/{id}/tags", List);
        api.MapPut("/servers/{id}/tags", ReplaceAll);
        api.MapDelete("/servers/{id}/tags", DeleteAll);
        api.MapGet("/servers/{id}/tags/{tag}", Check);
        api.MapPut("/servers/{id}/tags/{tag}", Add);
        api.MapDelete("/servers/{id}/tags/{tag}", Delete);
        return routes;
    }

    private static IResult List(HttpContext context, ServerService service, string id)
    {
        RequireVersion(context);
        return Body(service.Store.FindFor(context.Auth(), id).Tags);
    }

    private static async Task<IResult> ReplaceAll(HttpContext context, ServerService service, string id, CancellationToken cancellationToken)
    {
        RequireVersion(context);
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (body["tags"] is not JsonArray)
        {
            throw ServerInput.Invalid("tags", body["tags"], "'tags' is a required property of type 'array'");
        }

        var tags = ServerInput.Tags(body["tags"]);
        var updated = Change(context, service, id, _ => tags);
        return Body(updated.Tags);
    }

    private static IResult DeleteAll(HttpContext context, ServerService service, string id)
    {
        RequireVersion(context);
        Change(context, service, id, _ => []);
        return Results.StatusCode(204);
    }

    private static IResult Check(HttpContext context, ServerService service, string id, string tag)
    {
        RequireVersion(context);
        var server = service.Store.FindFor(context.Auth(), id);
        return server.Tags.Contains(tag)
            ? Results.StatusCode(204)
            : throw ApiException.NotFound($"Tag {tag} could not be found for instance {id}.");
    }

    private static IResult Add(HttpContext context, ServerService service, string id, string tag)
    {
        RequireVersion(context);
        ServerInput.Tag(JsonValue.Create(tag), "tag");
        var existed = service.Store.FindFor(context.Auth(), id).Tags.Contains(tag);
        Change(context, service, id, tags => tags.Contains(tag) ? tags : [.. tags, tag]);
        var urls = context.RequestServices.GetRequiredService<PublicUrls>();
        context.Response.Headers.Location = $"{urls.For(context)}{ComputeRoutes.Prefix}/servers/{id}/tags/{Uri.EscapeDataString(tag)}";
        return Results.StatusCode(existed ? 204 : 201);
    }

    private static IResult Delete(HttpContext context, ServerService service, string id, string tag)
    {
        RequireVersion(context);
        var server = service.Store.FindFor(context.Auth(), id);
        if (!server.Tags.Contains(tag))
        {
            throw ApiException.NotFound($"Tag {tag} could not be found for instance {id}.");
        }

        Change(context, service, id, tags => [.. tags.Where(t => t != tag)]);
        return Results.StatusCode(204);
    }

    private static ServerRecord Change(HttpContext context, ServerService service, string id, Func<IReadOnlyList<string>, IReadOnlyList<string>> change)
    {
        var caller = context.Auth();
        var server = service.Store.FindFor(caller, id);
        ServerService.RequireOwnerWrite(caller, server);
        if (server.VmState == VmStates.Building)
        {
            throw ApiException.Conflict($"Cannot 'update tags' instance {id} while it is in vm_state building");
        }

        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return service.Store.Update(id, s =>
        {
            var tags = change(s.Tags);
            return tags.Count > MaxTags
                ? throw ApiException.BadRequest($"The number of tags exceeded the per-server limit {MaxTags}")
                : s with { Tags = tags, UpdatedAt = now };
        }) ?? throw ServerStore.NotFound(id);
    }

    /// <summary>Tags exist from 2.26; before, Nova does not know the route.</summary>
    private static void RequireVersion(HttpContext context)
    {
        if (!context.ComputeVersionAtLeast(2, 26))
        {
            throw ApiException.NotFound("The resource could not be found.");
        }
    }

    private static IResult Body(IReadOnlyList<string> tags) =>
        ServerEndpoints.Json(new JsonObject { ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)JsonValue.Create(t))]) });
}
