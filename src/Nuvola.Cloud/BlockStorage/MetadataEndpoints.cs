using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>/volumes/{id}/metadata[/key] and /snapshots/{id}/metadata[/key], as Cinder answers them.</summary>
public static class MetadataEndpoints
{
    public static IEndpointRouteBuilder MapVolumeMetadata(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapVolumeApi();
        foreach (var collection in new[] { "volumes", "snapshots" })
        {
            var kind = collection;
            group.MapGet($"/{kind}/{{id}}/metadata", (HttpContext c, VolumeStore s, string id) => Show(c, s, kind, id));
            group.MapPost($"/{kind}/{{id}}/metadata", (HttpContext c, VolumeStore s, string id, CancellationToken t) => Replace(c, s, kind, id, merge: true, t));
            group.MapPut($"/{kind}/{{id}}/metadata", (HttpContext c, VolumeStore s, string id, CancellationToken t) => Replace(c, s, kind, id, merge: false, t));
            group.MapGet($"/{kind}/{{id}}/metadata/{{key}}", (HttpContext c, VolumeStore s, string id, string key) => ShowItem(c, s, kind, id, key));
            group.MapPut($"/{kind}/{{id}}/metadata/{{key}}", (HttpContext c, VolumeStore s, string id, string key, CancellationToken t) => PutItem(c, s, kind, id, key, t));
            group.MapDelete($"/{kind}/{{id}}/metadata/{{key}}", (HttpContext c, VolumeStore s, string id, string key) => DeleteItem(c, s, kind, id, key));
        }

        return routes;
    }

    private static IResult Show(HttpContext context, VolumeStore store, string kind, string id) =>
        Results.Json(new JsonObject { ["metadata"] = VolumeJson.Map(Get(context.Auth(), store, kind, id)) });

    private static async Task<IResult> Replace(HttpContext context, VolumeStore store, string kind, string id, bool merge, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var current = Get(caller, store, kind, id);
        VolumeEndpoints.RequireWriter(caller);
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var given = body.ContainsKey("metadata") ? VolumeInput.Metadata(body["metadata"], "metadata") : throw ApiException.BadRequest("Malformed request body: 'metadata' is required.");
        var result = merge ? new Dictionary<string, string>(current, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in given)
        {
            result[key] = value;
        }

        Set(store, kind, id, result);
        return Results.Json(new JsonObject { ["metadata"] = VolumeJson.Map(result) });
    }

    private static IResult ShowItem(HttpContext context, VolumeStore store, string kind, string id, string key)
    {
        var metadata = Get(context.Auth(), store, kind, id);
        return metadata.TryGetValue(key, out var value)
            ? Results.Json(new JsonObject { ["meta"] = new JsonObject { [key] = value } })
            : throw ApiException.NotFound($"Metadata item was not found: {key}");
    }

    private static async Task<IResult> PutItem(HttpContext context, VolumeStore store, string kind, string id, string key, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var current = Get(caller, store, kind, id);
        VolumeEndpoints.RequireWriter(caller);
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var meta = VolumeInput.Metadata(body["meta"] ?? throw ApiException.BadRequest("Malformed request body: 'meta' is required."), "meta");
        if (meta.Count != 1 || !meta.ContainsKey(key))
        {
            throw ApiException.BadRequest(meta.Count > 1 ? "Request body contains too many items." : "Request body and URI mismatch");
        }

        var result = new Dictionary<string, string>(current, StringComparer.Ordinal) { [key] = meta[key] };
        Set(store, kind, id, result);
        return Results.Json(new JsonObject { ["meta"] = new JsonObject { [key] = meta[key] } });
    }

    private static IResult DeleteItem(HttpContext context, VolumeStore store, string kind, string id, string key)
    {
        var caller = context.Auth();
        var current = Get(caller, store, kind, id);
        VolumeEndpoints.RequireWriter(caller);
        if (!current.ContainsKey(key))
        {
            throw ApiException.NotFound($"Metadata item was not found: {key}");
        }

        var result = new Dictionary<string, string>(current, StringComparer.Ordinal);
        result.Remove(key);
        Set(store, kind, id, result);
        return Results.Ok();
    }

    private static IReadOnlyDictionary<string, string> Get(AuthContext caller, VolumeStore store, string kind, string id) =>
        kind == "volumes" ? store.RequireVolume(caller, id).Metadata : store.RequireSnapshot(caller, id).Metadata;

    private static void Set(VolumeStore store, string kind, string id, Dictionary<string, string> metadata)
    {
        var now = store.Time.GetUtcNow();
        if (kind == "volumes" && store.Volumes.Find(id) is { } volume)
        {
            store.Volumes.Put(id, volume with { Metadata = metadata, UpdatedAt = now });
        }
        else if (store.Snapshots.Find(id) is { } snapshot)
        {
            store.Snapshots.Put(id, snapshot with { Metadata = metadata, UpdatedAt = now });
        }
    }
}
