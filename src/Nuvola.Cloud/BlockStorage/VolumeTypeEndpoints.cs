using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>Volume types: everyone lists and shows; admin creates, deletes and sets extra specs.</summary>
public static class VolumeTypeEndpoints
{
    public static IEndpointRouteBuilder MapVolumeTypes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapVolumeApi();
        group.MapGet("/types", List);
        group.MapGet("/types/default", (VolumeStore store) => Results.Json(new JsonObject { ["volume_type"] = VolumeJson.Type(store.DefaultType()) }));
        group.MapGet("/types/{id}", Show);
        group.MapPost("/types", Create);
        group.MapDelete("/types/{id}", Delete);
        group.MapGet("/types/{id}/extra_specs", ExtraSpecs);
        group.MapPost("/types/{id}/extra_specs", SetExtraSpecs);
        return routes;
    }

    private static IResult List(HttpContext context, VolumeStore store)
    {
        var caller = context.Auth();
        var items = new JsonArray();
        foreach (var type in store.Types.Values.Where(t => t.IsPublic || caller.IsAdmin).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            items.Add(VolumeJson.Type(type));
        }

        return Results.Json(new JsonObject { ["volume_types"] = items });
    }

    private static IResult Show(HttpContext context, VolumeStore store, string id)
    {
        var caller = context.Auth();
        var type = store.Types.Find(id) is { } found && (found.IsPublic || caller.IsAdmin) ? found
            : throw ApiException.NotFound($"Volume type {id} could not be found.");
        return Results.Json(new JsonObject { ["volume_type"] = VolumeJson.Type(type) });
    }

    private static async Task<IResult> Create(HttpContext context, VolumeStore store, CancellationToken cancellationToken)
    {
        RequireAdmin(context.Auth(), "create");
        var body = await VolumeInput.ReadEntityAsync(context.Request, "volume_type", cancellationToken);
        var name = VolumeInput.OptionalString(body, "name")?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw ApiException.BadRequest("Volume type name can not be empty.");
        }

        var description = VolumeInput.OptionalString(body, "description");
        var isPublic = body["os-volume-type-access:is_public"] is null || VolumeInput.RequireBool(body, "os-volume-type-access:is_public");
        var specs = VolumeInput.OptionalMetadata(body, "extra_specs") ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var type = new VolumeTypeRecord(Guid.NewGuid().ToString(), name, description, isPublic, specs);
        lock (store.Types.Sync)
        {
            if (store.Types.Values.Any(t => t.Name == name))
            {
                throw ApiException.Conflict($"Volume Type {name} already exists.");
            }

            store.Types.Put(type.Id, type);
        }

        return Results.Json(new JsonObject { ["volume_type"] = VolumeJson.Type(type, withQos: false) });
    }

    private static IResult Delete(HttpContext context, VolumeStore store, string id)
    {
        RequireAdmin(context.Auth(), "delete");
        var type = store.Types.Find(id) ?? throw ApiException.NotFound($"Volume type {id} could not be found.");
        if (type.Name == VolumeStore.DefaultTypeName)
        {
            throw ApiException.BadRequest("Target volume type is still in use. Default volume type can not be deleted.");
        }

        if (store.Volumes.Values.Any(v => v.VolumeType == type.Name))
        {
            throw ApiException.BadRequest("Target volume type is still in use.");
        }

        store.Types.Remove(id);
        return Results.StatusCode(202);
    }

    private static IResult ExtraSpecs(HttpContext context, VolumeStore store, string id)
    {
        var caller = context.Auth();
        var type = store.Types.Find(id) is { } found && (found.IsPublic || caller.IsAdmin) ? found
            : throw ApiException.NotFound($"Volume type {id} could not be found.");
        return Results.Json(new JsonObject { ["extra_specs"] = VolumeJson.Map(type.ExtraSpecs) });
    }

    private static async Task<IResult> SetExtraSpecs(HttpContext context, VolumeStore store, string id, CancellationToken cancellationToken)
    {
        RequireAdmin(context.Auth(), "set extra specs");
        var type = store.Types.Find(id) ?? throw ApiException.NotFound($"Volume type {id} could not be found.");
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var specs = VolumeInput.Metadata(body["extra_specs"], "extra_specs");
        var merged = new Dictionary<string, string>(type.ExtraSpecs, StringComparer.Ordinal);
        foreach (var (key, value) in specs)
        {
            merged[key] = value;
        }

        store.Types.Put(id, type with { ExtraSpecs = merged });
        return Results.Json(new JsonObject { ["extra_specs"] = VolumeJson.Map(specs) });
    }

    private static void RequireAdmin(AuthContext caller, string action)
    {
        if (!caller.IsAdmin)
        {
            throw ApiException.Forbidden($"Policy doesn't allow volume_extension:types_manage to {action} a volume type.");
        }
    }
}
