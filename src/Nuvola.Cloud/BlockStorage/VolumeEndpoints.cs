using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>Cinder volumes: create (empty, from snapshot, volume or image), show, update, delete.</summary>
public static partial class VolumeEndpoints
{
    public static IEndpointRouteBuilder MapVolumes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapVolumeApi();
        group.MapPost("/volumes", Create);
        group.MapGet("/volumes", List);
        group.MapGet("/volumes/detail", Detail);
        group.MapGet("/volumes/{id}", Show);
        group.MapPut("/volumes/{id}", Update);
        group.MapDelete("/volumes/{id}", Delete);
        group.MapPost("/volumes/{id}/action", Action);
        group.MapMethods("/volumes", ["PUT", "DELETE"], NoVolumeId);
        return routes;
    }

    private static async Task<IResult> Create(HttpContext context, VolumeCreation creation, PublicUrls urls, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var projectId = caller.RequireProject();
        RequireWriter(caller);
        var body = await VolumeInput.ReadEntityAsync(context.Request, "volume", cancellationToken);
        var size = VolumeInput.OptionalSize(body, "size");
        var name = VolumeInput.OptionalString(body, "name") ?? VolumeInput.OptionalString(body, "display_name");
        var description = VolumeInput.OptionalString(body, "description") ?? VolumeInput.OptionalString(body, "display_description");
        var metadata = VolumeInput.OptionalMetadata(body, "metadata") ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var zone = VolumeInput.OptionalString(body, "availability_zone");
        if (zone is not null && zone != VolumeStore.AvailabilityZone)
        {
            throw ApiException.BadRequest($"Availability zone '{zone}' is invalid.");
        }

        var draft = new VolumeDraft(
            size,
            name,
            description,
            metadata,
            VolumeInput.OptionalString(body, "volume_type"),
            VolumeInput.OptionalString(body, "snapshot_id"),
            VolumeInput.OptionalString(body, "source_volid"),
            VolumeInput.OptionalString(body, "imageRef") ?? VolumeInput.OptionalString(body, "image_id"),
            body["multiattach"] is not null && VolumeInput.RequireBool(body, "multiattach"));
        var volume = creation.Create(caller, projectId, draft);
        return Results.Json(new JsonObject { ["volume"] = VolumeJson.Volume(volume, urls.For(context), caller.IsAdmin, VolumeRequest.MinorOf(context), VolumeStatus.Creating, withImageMetadata: false) }, statusCode: 202);
    }

    private static IResult Show(HttpContext context, VolumeStore store, PublicUrls urls, string id)
    {
        var caller = context.Auth();
        var volume = store.RequireVolume(caller, id);
        return Results.Json(new JsonObject { ["volume"] = VolumeJson.Volume(volume, urls.For(context), caller.IsAdmin, VolumeRequest.MinorOf(context)) });
    }

    private static async Task<IResult> Update(HttpContext context, VolumeStore store, PublicUrls urls, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var volume = store.RequireVolume(caller, id);
        RequireWriter(caller);
        var body = await VolumeInput.ReadEntityAsync(context.Request, "volume", cancellationToken);
        var name = body.ContainsKey("name") ? VolumeInput.OptionalString(body, "name") : body.ContainsKey("display_name") ? VolumeInput.OptionalString(body, "display_name") : volume.Name;
        var description = body.ContainsKey("description") ? VolumeInput.OptionalString(body, "description")
            : body.ContainsKey("display_description") ? VolumeInput.OptionalString(body, "display_description") : volume.Description;
        var metadata = VolumeInput.OptionalMetadata(body, "metadata") ?? volume.Metadata;
        volume = volume with { Name = name, Description = description, Metadata = metadata, UpdatedAt = store.Time.GetUtcNow() };
        store.Volumes.Put(volume.Id, volume);
        return Results.Json(new JsonObject { ["volume"] = VolumeJson.Volume(volume, urls.For(context), caller.IsAdmin, VolumeRequest.MinorOf(context), withImageMetadata: false) });
    }

    private static IResult Delete(HttpContext context, VolumeStore store, string id)
    {
        var caller = context.Auth();
        var volume = store.RequireVolume(caller, id);
        RequireWriter(caller);
        var cascade = string.Equals(context.Request.Query["cascade"], "true", StringComparison.OrdinalIgnoreCase);
        store.DeleteVolume(volume.Id, cascade);
        return Results.StatusCode(202);
    }

    /// <summary>PUT or DELETE /volumes/ (an empty volume id): Cinder's 404.</summary>
    private static IResult NoVolumeId() => throw ApiException.NotFound("The resource could not be found.");

    public static void RequireWriter(AuthContext caller)
    {
        if (!caller.CanWrite)
        {
            throw ApiException.Forbidden("Policy doesn't allow this operation to be performed.");
        }
    }
}
