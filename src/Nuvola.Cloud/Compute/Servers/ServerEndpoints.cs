using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Compute.SecurityGroups;
using Nuvola.Cloud.Compute.ServerGroups;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>/compute/v2.1/servers: create, list, show, update, delete (actions, metadata, tags in their own files).</summary>
public static partial class ServerEndpoints
{
    public static IEndpointRouteBuilder MapServers(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapComputeApi();
        api.MapGet("/servers", List);
        api.MapGet("/servers/detail", ListDetail);
        api.MapPost("/servers", Create);
        api.MapGet("/servers/{id}", Show);
        api.MapPut("/servers/{id}", Update);
        api.MapDelete("/servers/{id}", Delete);
        api.MapPost("/servers/{id}/action", Action);
        api.MapGet("/servers/{id}/ips", Ips);
        api.MapGet("/servers/{id}/ips/{network}", IpsOfNetwork);
        api.MapGet("/servers/{id}/os-security-groups", SecurityGroupsOf);
        return routes;
    }

    internal static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(), "application/json", statusCode: status);

    internal static ServerView ViewFor(HttpContext context, ServerService service) =>
        new(
            context.RequestServices.GetRequiredService<PublicUrls>().For(context),
            context.ComputeVersion(),
            context.Auth().IsAdmin,
            service.Networking,
            context.RequestServices.GetService<ServerGroupStore>() is { } groups ? groups.GroupsOf : null,
            service.Volumes);

    private static async Task<IResult> Create(HttpContext context, ServerService service, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var request = ServerCreateRequest.Parse(body, context.ComputeVersion()) with { SchedulerGroup = SchedulerHints.Group(body) };
        var created = service.Create(context.Auth(), request, context.ComputeRequestId());
        var view = ViewFor(context, service);
        if (request.ReturnReservationId)
        {
            return Json(new JsonObject { ["reservation_id"] = created[0].Server.ReservationId }, 202);
        }

        var (server, adminPass) = created[0];
        var links = view.Links("servers", server.Id);
        context.Response.Headers.Location = links[0]!["href"]!.ToString();
        return Json(
            new JsonObject
            {
                ["server"] = new JsonObject
                {
                    ["id"] = server.Id,
                    ["links"] = links,
                    ["OS-DCF:diskConfig"] = server.DiskConfig,
                    ["security_groups"] = new JsonArray([.. server.SecurityGroups.Select(g => (JsonNode)new JsonObject { ["name"] = g })]),
                    ["adminPass"] = adminPass,
                },
            },
            202);
    }

    private static IResult Show(HttpContext context, ServerService service, string id)
    {
        var server = service.Store.FindFor(context.Auth(), id);
        return Json(new JsonObject { ["server"] = ViewFor(context, service).Detail(server) });
    }

    private static async Task<IResult> Update(HttpContext context, ServerService service, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var server = service.Store.FindFor(caller, id);
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (body["server"] is not JsonObject changes)
        {
            throw ServerInput.Invalid("server", body["server"], "'server' is a required property of type 'object'");
        }

        var version = context.ComputeVersion();
        var name = changes.ContainsKey("name") ? ServerInput.Name(changes["name"]) : null;
        var ipv4 = changes.ContainsKey("accessIPv4") ? ServerInput.AccessIp(changes["accessIPv4"], "accessIPv4", System.Net.Sockets.AddressFamily.InterNetwork) : null;
        var ipv6 = changes.ContainsKey("accessIPv6") ? ServerInput.AccessIp(changes["accessIPv6"], "accessIPv6", System.Net.Sockets.AddressFamily.InterNetworkV6) : null;
        var hasDescription = version.IsAtLeast(2, 19) && changes.ContainsKey("description");
        var description = hasDescription ? ServerInput.String(changes["description"], "description") : null;
        if (description is { Length: > 255 })
        {
            throw ServerInput.Invalid("description", changes["description"], "is too long");
        }

        var diskConfig = ServerInput.String(changes["OS-DCF:diskConfig"], "OS-DCF:diskConfig");
        if (diskConfig is not (null or "AUTO" or "MANUAL"))
        {
            throw ServerInput.Invalid("OS-DCF:diskConfig", changes["OS-DCF:diskConfig"], $"'{diskConfig}' is not one of ['AUTO', 'MANUAL']");
        }

        ServerService.RequireOwnerWrite(caller, server);
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var updated = service.Store.Update(id, s => s with
        {
            Name = name ?? s.Name,
            AccessIPv4 = ipv4 ?? s.AccessIPv4,
            AccessIPv6 = ipv6 ?? s.AccessIPv6,
            Description = hasDescription ? description : s.Description,
            DiskConfig = diskConfig ?? s.DiskConfig,
            UpdatedAt = now,
        }) ?? throw ServerStore.NotFound(id);
        return Json(new JsonObject { ["server"] = ViewFor(context, service).Updated(updated) });
    }

    private static async Task<IResult> Delete(HttpContext context, ServerService service, string id)
    {
        await service.DeleteAsync(context.Auth(), id, context.ComputeRequestId());
        return Results.StatusCode(204);
    }

    private static IResult Ips(HttpContext context, ServerService service, string id)
    {
        var server = service.Store.FindFor(context.Auth(), id);
        return Json(new JsonObject { ["addresses"] = ViewFor(context, service).Addresses(server.Id, extended: false) });
    }

    /// <summary>The groups of the server's ports, in Nova's view (the groups themselves are compute2's os-security-groups).</summary>
    private static IResult SecurityGroupsOf(HttpContext context, ServerService service, string id)
    {
        var caller = context.Auth();
        var server = service.Store.FindFor(caller, id);
        var groups = context.RequestServices.GetService<NovaSecurityGroups>()?.ServerGroupsView(caller, server.Id)
            ?? new JsonObject { ["security_groups"] = new JsonArray() };
        return Json(groups);
    }

    private static IResult IpsOfNetwork(HttpContext context, ServerService service, string id, string network)
    {
        var server = service.Store.FindFor(context.Auth(), id);
        var addresses = ViewFor(context, service).Addresses(server.Id, extended: false);
        var list = addresses[network] ?? throw ApiException.NotFound("Network " + network + " could not be found.");
        return Json(new JsonObject { [network] = list.DeepClone() });
    }
}
