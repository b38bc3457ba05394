using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>Cinder snapshots: create (a copy of the volume's file), list/detail, show, update, delete.</summary>
public static class SnapshotEndpoints
{
    public static IEndpointRouteBuilder MapSnapshots(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapVolumeApi();
        group.MapPost("/snapshots", Create);
        group.MapGet("/snapshots", (HttpContext c, VolumeStore s, PublicUrls u) => List(c, s, u, detail: false));
        group.MapGet("/snapshots/detail", (HttpContext c, VolumeStore s, PublicUrls u) => List(c, s, u, detail: true));
        group.MapGet("/snapshots/{id}", Show);
        group.MapPut("/snapshots/{id}", Update);
        group.MapDelete("/snapshots/{id}", Delete);
        return routes;
    }

    private static async Task<IResult> Create(HttpContext context, VolumeStore store, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var projectId = caller.RequireProject();
        VolumeEndpoints.RequireWriter(caller);
        var body = await VolumeInput.ReadEntityAsync(context.Request, "snapshot", cancellationToken);
        var volumeId = VolumeInput.OptionalString(body, "volume_id") ?? throw ApiException.NotFound("Volume None could not be found.");
        var name = VolumeInput.OptionalString(body, "name") ?? VolumeInput.OptionalString(body, "display_name");
        var description = VolumeInput.OptionalString(body, "description") ?? VolumeInput.OptionalString(body, "display_description");
        var metadata = VolumeInput.OptionalMetadata(body, "metadata") ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var force = body["force"] is not null && VolumeInput.RequireBool(body, "force");
        var volume = store.RequireVolume(caller, volumeId);
        if (volume.Status != VolumeStatus.Available && !(force && volume.Status == VolumeStatus.InUse))
        {
            throw ApiException.BadRequest($"Invalid volume: Volume {volumeId} status must be available, but current status is: {volume.Status}.");
        }

        var now = store.Time.GetUtcNow();
        var snapshot = new SnapshotRecord(Guid.NewGuid().ToString(), volume.ProjectId, caller.UserId, volume.Id, name, description, volume.Size, VolumeStatus.Available, metadata, now, now);
        lock (store.Sync)
        {
            VolumeQuotas.CheckSnapshot(store, projectId, volume.Size);
            store.Snapshots.Put(snapshot.Id, snapshot);
        }

        store.CopyInto(store.VolumePath(volume.Id), store.SnapshotPath(snapshot.Id), volume.Size);
        var json = VolumeJson.Snapshot(snapshot, detail: false, VolumeRequest.MinorOf(context));
        json["status"] = VolumeStatus.Creating;
        return Results.Json(new JsonObject { ["snapshot"] = json }, statusCode: 202);
    }

    private static IResult List(HttpContext context, VolumeStore store, PublicUrls urls, bool detail)
    {
        var caller = context.Auth();
        var all = VolumeQuery.AllTenants(context, caller);
        IEnumerable<SnapshotRecord> snapshots = store.Snapshots.Values.Where(s => all || s.ProjectId == caller.ProjectId);
        foreach (var (key, value) in VolumeQuery.Filters(context))
        {
            snapshots = key switch
            {
                "name" or "display_name" => snapshots.Where(s => s.Name == value),
                "status" => snapshots.Where(s => s.Status == value),
                "volume_id" => snapshots.Where(s => s.VolumeId == value),
                "metadata" => FilterMetadata(snapshots, VolumeQuery.MetadataFilter(value)),
                _ => snapshots,
            };
        }

        var (page, more) = VolumeQuery.Page(context, snapshots, s => s.Id, SortKey);
        var items = new JsonArray();
        foreach (var snapshot in page)
        {
            items.Add(VolumeJson.Snapshot(snapshot, detail, VolumeRequest.MinorOf(context)));
        }

        var body = new JsonObject { ["snapshots"] = items };
        if (VolumeRequest.MinorOf(context) >= 45 && context.Request.Query["with_count"].ToString() is "true" or "True" or "1")
        {
            body["count"] = snapshots.Count();
        }

        if (more)
        {
            body["snapshots_links"] = VolumeQuery.NextLink(context, urls.For(context), context.Request.Path, page[^1].Id);
        }

        return Results.Json(body);
    }

    private static IResult Show(HttpContext context, VolumeStore store, string id) =>
        Results.Json(new JsonObject { ["snapshot"] = VolumeJson.Snapshot(store.RequireSnapshot(context.Auth(), id), detail: true, VolumeRequest.MinorOf(context)) });

    private static async Task<IResult> Update(HttpContext context, VolumeStore store, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var snapshot = store.RequireSnapshot(caller, id);
        VolumeEndpoints.RequireWriter(caller);
        var body = await VolumeInput.ReadEntityAsync(context.Request, "snapshot", cancellationToken);
        var name = body.ContainsKey("name") ? VolumeInput.OptionalString(body, "name") : body.ContainsKey("display_name") ? VolumeInput.OptionalString(body, "display_name") : snapshot.Name;
        var description = body.ContainsKey("description") ? VolumeInput.OptionalString(body, "description")
            : body.ContainsKey("display_description") ? VolumeInput.OptionalString(body, "display_description") : snapshot.Description;
        snapshot = snapshot with { Name = name, Description = description, UpdatedAt = store.Time.GetUtcNow() };
        store.Snapshots.Put(id, snapshot);
        return Results.Json(new JsonObject { ["snapshot"] = VolumeJson.Snapshot(snapshot, detail: false, VolumeRequest.MinorOf(context)) });
    }

    private static IResult Delete(HttpContext context, VolumeStore store, string id)
    {
        var caller = context.Auth();
        store.RequireSnapshot(caller, id);
        VolumeEndpoints.RequireWriter(caller);
        store.Snapshots.Remove(id);
        VolumeStore.DeleteFile(store.SnapshotPath(id));
        return Results.StatusCode(202);
    }

    private static IEnumerable<SnapshotRecord> FilterMetadata(IEnumerable<SnapshotRecord> snapshots, Dictionary<string, string> wanted) =>
        snapshots.Where(s => wanted.All(p => s.Metadata.TryGetValue(p.Key, out var value) && value == p.Value));

    private static IComparable? SortKey(SnapshotRecord snapshot, string key) => key switch
    {
        "id" => snapshot.Id,
        "name" or "display_name" => snapshot.Name,
        "description" => snapshot.Description,
        "status" => snapshot.Status,
        "size" => snapshot.Size,
        "volume_id" => snapshot.VolumeId,
        "created_at" => snapshot.CreatedAt,
        "updated_at" => snapshot.UpdatedAt,
        _ => null,
    };
}
