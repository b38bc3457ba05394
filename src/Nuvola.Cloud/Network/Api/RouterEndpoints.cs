using System.Text.Json.Nodes;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network.Api;

/// <summary>/v2.0/routers (router, extraroute, ext-gw-mode): seen and changed by their project and admin.</summary>
public static partial class RouterEndpoints
{
    private static readonly string[] CreateAttributes = ["name", "description", "admin_state_up", "external_gateway_info", "project_id", "tenant_id", "tags"];

    private static readonly string[] UpdateAttributes = ["name", "description", "admin_state_up", "external_gateway_info", "routes"];

    public static void MapRouters(this IEndpointRouteBuilder v2)
    {
        v2.MapGet("/routers", List);
        v2.MapPost("/routers", Create);
        v2.MapGet("/routers/{id}", Show);
        v2.MapPut("/routers/{id}", Update);
        v2.MapDelete("/routers/{id}", Delete);
        v2.MapPut("/routers/{id}/add_router_interface", AddInterface);
        v2.MapPut("/routers/{id}/remove_router_interface", RemoveInterface);
    }

    private static IResult List(HttpContext context, NetworkStore store)
    {
        var caller = context.Auth();
        var items = store.Routers.Values.Where(r => store.FindRouter(r.Id, caller) is not null).Select(r => NeutronJson.Router(r, store));
        return Results.Json(ListQuery.Respond(context, "routers", items, NeutronErrors.RouterNotFound));
    }

    private static IResult Show(HttpContext context, NetworkStore store, string id)
    {
        var router = store.FindRouter(id, context.Auth()) ?? throw NeutronErrors.RouterNotFound(id);
        return Results.Json(new JsonObject { ["router"] = ListQuery.Select(NeutronJson.Router(router, store), ListQuery.Fields(context.Request.Query)) });
    }

    private static async Task<IResult> Create(HttpContext context, NetworkStore store, RouterOperations routers, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        Access.RequireWrite(caller, "create_router");
        var body = (await NeutronBody.ReadOneAsync(context.Request, "router", cancellationToken)).Allow(CreateAttributes);
        var gateway = Gateway(body, caller, store, "create_router");
        var tags = TagEndpoints.AtCreate(body);
        var router = TagEndpoints.OnCreate(store, routers.Create(
            body.String("name") ?? string.Empty, Access.ProjectFor(caller, body), body.Bool("admin_state_up") ?? true,
            body.String("description") ?? string.Empty, gateway), tags);
        return Results.Json(new JsonObject { ["router"] = NeutronJson.Router(router, store) }, statusCode: 201);
    }

    private static async Task<IResult> Update(HttpContext context, NetworkStore store, RouterOperations routers, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var router = store.FindRouter(id, caller) ?? throw NeutronErrors.RouterNotFound(id);
        Access.RequireOwner(caller, router.ProjectId, "update_router");
        var body = (await NeutronBody.ReadOneAsync(context.Request, "router", cancellationToken)).Allow(UpdateAttributes);
        var gateway = Gateway(body, caller, store, "update_router");
        var updated = routers.Update(router.Id, r => r with
        {
            Name = body.String("name") ?? r.Name,
            AdminStateUp = body.Bool("admin_state_up") ?? r.AdminStateUp,
            Standard = r.Standard with { Description = body.String("description") ?? r.Standard.Description },
        }, gateway, Routes(body));
        return Results.Json(new JsonObject { ["router"] = NeutronJson.Router(updated, store) });
    }

    private static IResult Delete(HttpContext context, NetworkStore store, RouterOperations routers, string id)
    {
        var caller = context.Auth();
        var router = store.FindRouter(id, caller) ?? throw NeutronErrors.RouterNotFound(id);
        Access.RequireOwner(caller, router.ProjectId, "delete_router");
        routers.Delete(router.Id);
        return Results.NoContent();
    }
}
