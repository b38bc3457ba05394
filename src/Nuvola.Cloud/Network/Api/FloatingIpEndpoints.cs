using System.Text.Json.Nodes;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network.Api;

/// <summary>/v2.0/floatingips: seen and changed by their project and admin; only admin picks the address.</summary>
public static class FloatingIpEndpoints
{
    private static readonly string[] CreateAttributes =
        ["floating_network_id", "floating_ip_address", "subnet_id", "port_id", "fixed_ip_address", "description", "project_id", "tenant_id", "tags"];

    private static readonly string[] UpdateAttributes = ["port_id", "fixed_ip_address", "description"];

    public static void MapFloatingIps(this IEndpointRouteBuilder v2)
    {
        v2.MapGet("/floatingips", List);
        v2.MapPost("/floatingips", Create);
        v2.MapGet("/floatingips/{id}", Show);
        v2.MapPut("/floatingips/{id}", Update);
        v2.MapDelete("/floatingips/{id}", Delete);
    }

    private static IResult List(HttpContext context, NetworkStore store)
    {
        var caller = context.Auth();
        var items = store.FloatingIps.Values.Where(f => store.FindFloatingIp(f.Id, caller) is not null).Select(NeutronJson.FloatingIp);
        return Results.Json(ListQuery.Respond(context, "floatingips", items, NeutronErrors.FloatingIpNotFound));
    }

    private static IResult Show(HttpContext context, NetworkStore store, string id)
    {
        var floating = store.FindFloatingIp(id, context.Auth()) ?? throw NeutronErrors.FloatingIpNotFound(id);
        return Results.Json(new JsonObject { ["floatingip"] = ListQuery.Select(NeutronJson.FloatingIp(floating), ListQuery.Fields(context.Request.Query)) });
    }

    private static async Task<IResult> Create(HttpContext context, NetworkStore store, FloatingIpOperations floatingIps, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        Access.RequireWrite(caller, "create_floatingip");
        var body = (await NeutronBody.ReadOneAsync(context.Request, "floatingip", cancellationToken)).Allow(CreateAttributes);
        var networkId = body.String("floating_network_id")
            ?? throw NeutronErrors.BadRequest("Failed to parse request. Required attribute 'floating_network_id' not specified");
        var network = store.RequireNetwork(networkId, caller);
        var address = Address(body, "floating_ip_address");
        if (address is not null)
        {
            Access.RequireAdmin(caller, "create_floatingip", "floating_ip_address");
        }

        var project = Access.ProjectFor(caller, body);
        var portId = PortId(body, store, caller, project);
        var tags = TagEndpoints.AtCreate(body);
        var floating = TagEndpoints.OnCreate(store, floatingIps.Create(
            project, network.Id, body.String("subnet_id"), address, body.String("description") ?? string.Empty, portId, Address(body, "fixed_ip_address")), tags);
        return Results.Json(new JsonObject { ["floatingip"] = NeutronJson.FloatingIp(floating) }, statusCode: 201);
    }

    private static async Task<IResult> Update(HttpContext context, NetworkStore store, FloatingIpOperations floatingIps, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var floating = store.FindFloatingIp(id, caller) ?? throw NeutronErrors.FloatingIpNotFound(id);
        Access.RequireOwner(caller, floating.ProjectId, "update_floatingip");
        var body = (await NeutronBody.ReadOneAsync(context.Request, "floatingip", cancellationToken)).Allow(UpdateAttributes);
        var retarget = body.Has("port_id") || body.Has("fixed_ip_address");
        var portId = body.Has("port_id") ? PortId(body, store, caller, floating.ProjectId) : floating.PortId;
        var updated = floatingIps.Update(floating.Id, f => f with
        {
            Standard = f.Standard with { Description = body.String("description") ?? f.Standard.Description },
        }, retarget, portId, Address(body, "fixed_ip_address"));
        return Results.Json(new JsonObject { ["floatingip"] = NeutronJson.FloatingIp(updated) });
    }

    private static IResult Delete(HttpContext context, NetworkStore store, FloatingIpOperations floatingIps, string id)
    {
        var caller = context.Auth();
        var floating = store.FindFloatingIp(id, caller) ?? throw NeutronErrors.FloatingIpNotFound(id);
        Access.RequireOwner(caller, floating.ProjectId, "delete_floatingip");
        floatingIps.Delete(floating.Id);
        return Results.NoContent();
    }

    /// <summary>The port to associate: one the caller sees, of the floating IP's project (unless admin asks).</summary>
    private static string? PortId(NeutronBody body, NetworkStore store, AuthContext caller, string projectId)
    {
        var portId = body.String("port_id");
        if (portId is null)
        {
            return null;
        }

        var port = store.FindPort(portId, caller) ?? throw NeutronErrors.NotFound("Port", portId);
        return caller.IsAdmin || port.ProjectId == projectId ? port.Id
            : throw NeutronErrors.BadResourceRequest("floatingip",
                $"Cannot process floating IP association with Port {port.Id}, since that port is owned by a different tenant");
    }

    private static string? Address(NeutronBody body, string name)
    {
        var text = body.String(name);
        return text is null ? null : AddressPlan.Canonical(text) ?? throw NeutronBody.Invalid(name, $"'{text}' is not a valid IP address");
    }
}
