using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>/servers/{id}/metadata[/{key}]: list, replace (PUT), merge (POST), show, set and delete one item.</summary>
public static class ServerMetadataEndpoints
{
    private const int MaxItems = 128;

    public static IEndpointRouteBuilder MapServerMetadata(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapComputeApi();
        api.MapGet("/servers/{id}/metadata", List);
        api.MapPut("/servers/{id}/metadata", Replace);
        api.MapPost("/servers/{id}/metadata", Merge);
        api.MapGet("/servers/{id}/metadata/{key}", Show);
        api.MapPut("/servers/{id}/metadata/{key}", Set);
        api.MapDelete("/servers/{id}/metadata/{key}", Delete);
        return routes;
    }

    private static IResult List(HttpContext context, ServerService service, string id) =>
        Body("metadata", service.Store.FindFor(context.Auth(), id).Metadata);

    private static async Task<IResult> Replace(HttpContext context, ServerService service, string id, CancellationToken cancellationToken)
    {
        var metadata = await ReadAsync(context, "metadata", cancellationToken);
        var updated = Change(context, service, id, _ => metadata);
        return Body("metadata", updated.Metadata);
    }

    private static async Task<IResult> Merge(HttpContext context, ServerService service, string id, CancellationToken cancellationToken)
    {
        var metadata = await ReadAsync(context, "metadata", cancellationToken);
        var updated = Change(context, service, id, current =>
        {
            var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
            foreach (var (key, value) in metadata)
            {
                merged[key] = value;
            }

            return merged;
        });
        return Body("metadata", updated.Metadata);
    }

    private static IResult Show(HttpContext context, ServerService service, string id, string key)
    {
        var server = service.Store.FindFor(context.Auth(), id);
        return server.Metadata.TryGetValue(key, out var value)
            ? Body("meta", new Dictionary<string, string> { [key] = value })
            : throw ApiException.NotFound("Metadata item was not found");
    }

    private static async Task<IResult> Set(HttpContext context, ServerService service, string id, string key, CancellationToken cancellationToken)
    {
        var meta = await ReadAsync(context, "meta", cancellationToken);
        if (meta.Count != 1)
        {
            throw ApiException.BadRequest("Request body contains too many items");
        }

        if (!meta.ContainsKey(key))
        {
            throw ApiException.BadRequest("Request body and URI mismatch");
        }

        Change(context, service, id, current => new Dictionary<string, string>(current, StringComparer.Ordinal) { [key] = meta[key] });
        return Body("meta", meta);
    }

    private static IResult Delete(HttpContext context, ServerService service, string id, string key)
    {
        var server = service.Store.FindFor(context.Auth(), id);
        if (!server.Metadata.ContainsKey(key))
        {
            throw ApiException.NotFound("Metadata item was not found");
        }

        Change(context, service, id, current => current.Where(p => p.Key != key).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
        return Results.StatusCode(204);
    }

    private static ServerRecord Change(HttpContext context, ServerService service, string id, Func<IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>> change)
    {
        var caller = context.Auth();
        var server = service.Store.FindFor(caller, id);
        ServerService.RequireOwnerWrite(caller, server);
        service.RequireUnlocked(caller, server);
        if (server.VmState == VmStates.Building && server.TaskState is not null)
        {
            throw ApiException.Conflict($"Cannot 'update metadata' instance {id} while it is in vm_state building");
        }

        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return service.Store.Update(id, s =>
        {
            var metadata = change(s.Metadata);
            return metadata.Count > MaxItems
                ? throw new ApiException(403, "Quota exceeded for metadata_items: the limit is " + MaxItems + ".")
                : s with { Metadata = metadata, UpdatedAt = now };
        }) ?? throw ServerStore.NotFound(id);
    }

    private static async Task<Dictionary<string, string>> ReadAsync(HttpContext context, string key, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        return body[key] is JsonObject
            ? ServerInput.Metadata(body[key], key)
            : throw ServerInput.Invalid(key, body[key], $"'{key}' is a required property of type 'object'");
    }

    private static IResult Body(string key, IReadOnlyDictionary<string, string> metadata)
    {
        var items = new JsonObject();
        foreach (var (name, value) in metadata)
        {
            items[name] = value;
        }

        return ServerEndpoints.Json(new JsonObject { [key] = items });
    }
}
