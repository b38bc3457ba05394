using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Servers;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.ServerPasswords;

/// <summary>/compute/v2.1/servers/{id}/os-server-password: show the encrypted password ("" when none), clear it (204).</summary>
public static class ServerPasswordEndpoints
{
    public static RouteGroupBuilder MapServerPasswords(this RouteGroupBuilder api)
    {
        api.MapGet("/servers/{id}/os-server-password", Show);
        api.MapDelete("/servers/{id}/os-server-password", Clear);
        return api;
    }

    private static IResult Show(HttpContext context, ServerStore servers, ServerPasswordStore passwords, string id)
    {
        var server = servers.FindFor(context.Auth(), id);
        return Results.Text(new JsonObject { ["password"] = passwords.PasswordOf(server.Id) }.ToJsonString(), "application/json");
    }

    private static IResult Clear(HttpContext context, ServerStore servers, ServerPasswordStore passwords, string id)
    {
        var caller = context.Auth();
        var server = servers.FindFor(caller, id);
        ServerService.RequireOwnerWrite(caller, server);
        passwords.Clear(server.Id);
        return Results.StatusCode(204);
    }
}
