using System.Text.Json.Nodes;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network.Api;

/// <summary>/v2.0/address-scopes: seen by their project, admin, and everyone when shared; sharing is admin's.</summary>
public static class AddressScopeEndpoints
{
    private static readonly string[] CreateAttributes = ["name", "shared", "ip_version", "project_id", "tenant_id"];

    private static readonly string[] UpdateAttributes = ["name", "shared"];

    public static void MapAddressScopes(this IEndpointRouteBuilder v2)
    {
        v2.MapGet("/address-scopes", List);
        v2.MapPost("/address-scopes", Create);
        v2.MapGet("/address-scopes/{id}", Show);
        v2.MapPut("/address-scopes/{id}", Update);
        v2.MapDelete("/address-scopes/{id}", Delete);
    }

    private static IResult List(HttpContext context, NetworkStore store)
    {
        var caller = context.Auth();
        var items = store.AddressScopes.Values.Where(s => s.IsVisibleTo(caller.ProjectId, caller.IsAdmin)).Select(NeutronJson.AddressScope);
        return Results.Json(ListQuery.Respond(context, "address_scopes", items, NeutronErrors.AddressScopeNotFound));
    }

    private static IResult Show(HttpContext context, NetworkStore store, string id)
    {
        var scope = store.FindAddressScope(id, context.Auth()) ?? throw NeutronErrors.AddressScopeNotFound(id);
        return Results.Json(new JsonObject { ["address_scope"] = ListQuery.Select(NeutronJson.AddressScope(scope), ListQuery.Fields(context.Request.Query)) });
    }

    private static async Task<IResult> Create(HttpContext context, SubnetPoolOperations pools, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        Access.RequireWrite(caller, "create_address_scope");
        var body = (await NeutronBody.ReadOneAsync(context.Request, "address_scope", cancellationToken)).Allow(CreateAttributes);
        var shared = body.Bool("shared") ?? false;
        if (shared)
        {
            Access.RequireAdmin(caller, "create_address_scope", "shared");
        }

        var version = body.Int("ip_version") ?? throw NeutronErrors.BadRequest("Failed to parse request. Required attribute 'ip_version' not specified");
        if (version is not (4 or 6))
        {
            throw NeutronBody.Invalid("ip_version", $"'{version}' is not in [4, 6]");
        }

        var scope = pools.CreateScope(body.String("name") ?? string.Empty, Access.ProjectFor(caller, body), version, shared);
        return Results.Json(new JsonObject { ["address_scope"] = NeutronJson.AddressScope(scope) }, statusCode: 201);
    }

    private static async Task<IResult> Update(HttpContext context, NetworkStore store, SubnetPoolOperations pools, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var scope = store.FindAddressScope(id, caller) ?? throw NeutronErrors.AddressScopeNotFound(id);
        Access.RequireOwner(caller, scope.ProjectId, "update_address_scope");
        var body = (await NeutronBody.ReadOneAsync(context.Request, "address_scope", cancellationToken)).Allow(UpdateAttributes);
        if (body.Has("shared"))
        {
            Access.RequireAdmin(caller, "update_address_scope", "shared");
        }

        var updated = pools.UpdateScope(scope.Id, body.String("name"), body.Bool("shared"));
        return Results.Json(new JsonObject { ["address_scope"] = NeutronJson.AddressScope(updated) });
    }

    private static IResult Delete(HttpContext context, NetworkStore store, SubnetPoolOperations pools, string id)
    {
        var caller = context.Auth();
        var scope = store.FindAddressScope(id, caller) ?? throw NeutronErrors.AddressScopeNotFound(id);
        Access.RequireOwner(caller, scope.ProjectId, "delete_address_scope");
        pools.DeleteScope(scope.Id);
        return Results.NoContent();
    }
}
