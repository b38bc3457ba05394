using System.Text.Json.Nodes;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network.Api;

/// <summary>
/// /v2.0/subnetpools (subnet_allocation, default-subnetpools, subnetpool-prefix-ops): seen by their project, admin,
/// and everyone when shared; changed by their project and admin; shared and is_default are admin's to set.
/// </summary>
public static class SubnetPoolEndpoints
{
    private static readonly string[] CreateAttributes =
    [
        "name", "description", "prefixes", "default_prefixlen", "min_prefixlen", "max_prefixlen", "default_quota", "shared", "is_default",
        "address_scope_id", "project_id", "tenant_id", "tags",
    ];

    private static readonly string[] UpdateAttributes =
        ["name", "description", "prefixes", "default_prefixlen", "min_prefixlen", "max_prefixlen", "default_quota", "address_scope_id", "is_default"];

    public static void MapSubnetPools(this IEndpointRouteBuilder v2)
    {
        v2.MapGet("/subnetpools", List);
        v2.MapPost("/subnetpools", Create);
        v2.MapGet("/subnetpools/{id}", Show);
        v2.MapPut("/subnetpools/{id}", Update);
        v2.MapDelete("/subnetpools/{id}", Delete);
        v2.MapPut("/subnetpools/{id}/add_prefixes", AddPrefixes);
        v2.MapPut("/subnetpools/{id}/remove_prefixes", RemovePrefixes);
    }

    private static IResult List(HttpContext context, NetworkStore store)
    {
        var caller = context.Auth();
        var items = store.SubnetPools.Values.Where(p => p.IsVisibleTo(caller.ProjectId, caller.IsAdmin)).Select(NeutronJson.SubnetPool);
        return Results.Json(ListQuery.Respond(context, "subnetpools", items, NeutronErrors.SubnetPoolNotFound));
    }

    private static IResult Show(HttpContext context, NetworkStore store, string id)
    {
        var pool = store.FindSubnetPool(id, context.Auth()) ?? throw NeutronErrors.SubnetPoolNotFound(id);
        return Results.Json(new JsonObject { ["subnetpool"] = ListQuery.Select(NeutronJson.SubnetPool(pool), ListQuery.Fields(context.Request.Query)) });
    }

    private static async Task<IResult> Create(HttpContext context, NetworkStore store, SubnetPoolOperations pools, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        Access.RequireWrite(caller, "create_subnetpool");
        var body = (await NeutronBody.ReadOneAsync(context.Request, "subnetpool", cancellationToken)).Allow(CreateAttributes);
        var shared = body.Bool("shared") ?? false;
        var isDefault = body.Bool("is_default") ?? false;
        if (shared)
        {
            Access.RequireAdmin(caller, "create_subnetpool", "shared");
        }

        if (isDefault)
        {
            Access.RequireAdmin(caller, "create_subnetpool", "is_default");
        }

        var prefixes = body.Strings("prefixes") ?? throw NeutronErrors.BadRequest("Failed to parse request. Required attribute 'prefixes' not specified");
        var tags = TagEndpoints.AtCreate(body);
        var pool = TagEndpoints.OnCreate(store, pools.Create(new SubnetPoolDraft(
            body.String("name") ?? string.Empty, body.String("description") ?? string.Empty, Access.ProjectFor(caller, body), prefixes,
            body.Int("default_prefixlen"), body.Int("min_prefixlen"), body.Int("max_prefixlen"), body.Int("default_quota"), shared, isDefault,
            Scope(body, store, caller))), tags);
        return Results.Json(new JsonObject { ["subnetpool"] = NeutronJson.SubnetPool(pool) }, statusCode: 201);
    }

    private static async Task<IResult> Update(HttpContext context, NetworkStore store, SubnetPoolOperations pools, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var pool = store.FindSubnetPool(id, caller) ?? throw NeutronErrors.SubnetPoolNotFound(id);
        Access.RequireOwner(caller, pool.ProjectId, "update_subnetpool");
        var body = (await NeutronBody.ReadOneAsync(context.Request, "subnetpool", cancellationToken)).Allow(UpdateAttributes);
        if (body.Has("is_default"))
        {
            Access.RequireAdmin(caller, "update_subnetpool", "is_default");
        }

        var scope = body.Has("address_scope_id") ? Scope(body, store, caller) : pool.AddressScopeId;
        var updated = pools.Update(pool.Id, p => p with
        {
            Name = body.String("name") ?? p.Name,
            Prefixes = body.Strings("prefixes") ?? p.Prefixes,
            DefaultPrefixLength = body.Int("default_prefixlen") ?? p.DefaultPrefixLength,
            MinPrefixLength = body.Int("min_prefixlen") ?? p.MinPrefixLength,
            MaxPrefixLength = body.Int("max_prefixlen") ?? p.MaxPrefixLength,
            DefaultQuota = body.Has("default_quota") ? body.Int("default_quota") : p.DefaultQuota,
            IsDefault = body.Bool("is_default") ?? p.IsDefault,
            AddressScopeId = scope,
            Standard = p.Standard with { Description = body.String("description") ?? p.Standard.Description },
        });
        return Results.Json(new JsonObject { ["subnetpool"] = NeutronJson.SubnetPool(updated) });
    }

    private static IResult Delete(HttpContext context, NetworkStore store, SubnetPoolOperations pools, string id)
    {
        var caller = context.Auth();
        var pool = store.FindSubnetPool(id, caller) ?? throw NeutronErrors.SubnetPoolNotFound(id);
        Access.RequireOwner(caller, pool.ProjectId, "delete_subnetpool");
        pools.Delete(pool.Id);
        return Results.NoContent();
    }

    private static Task<IResult> AddPrefixes(HttpContext context, NetworkStore store, SubnetPoolOperations pools, string id, CancellationToken cancellationToken) =>
        ChangePrefixes(context, store, id, "add_prefixes", pools.AddPrefixes, cancellationToken);

    private static Task<IResult> RemovePrefixes(HttpContext context, NetworkStore store, SubnetPoolOperations pools, string id, CancellationToken cancellationToken) =>
        ChangePrefixes(context, store, id, "remove_prefixes", pools.RemovePrefixes, cancellationToken);

    private static async Task<IResult> ChangePrefixes(
        HttpContext context, NetworkStore store, string id, string action, Func<string, IReadOnlyList<string>, SubnetPoolRecord> change, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var pool = store.FindSubnetPool(id, caller) ?? throw NeutronErrors.SubnetPoolNotFound(id);
        Access.RequireOwner(caller, pool.ProjectId, action);
        var body = new NeutronBody(await Hosting.JsonBody.ReadObjectAsync(context.Request, cancellationToken));
        var prefixes = body.Strings("prefixes") ?? throw NeutronErrors.BadRequest("Failed to parse request. Required attribute 'prefixes' not specified");
        var updated = change(pool.Id, prefixes);
        return Results.Json(new JsonObject { ["prefixes"] = new JsonArray(updated.Prefixes.Select(p => (JsonNode?)p).ToArray()) });
    }

    /// <summary>The address_scope_id of a body: null, or a scope the caller sees.</summary>
    private static string? Scope(NeutronBody body, NetworkStore store, AuthContext caller) =>
        body.String("address_scope_id") is { } id ? (store.FindAddressScope(id, caller) ?? throw NeutronErrors.AddressScopeNotFound(id)).Id : null;
}
