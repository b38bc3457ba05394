using System.Text.Json.Nodes;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network.Api;

/// <summary>/v2.0/ports: seen by their project, the network's owner and admin; binding:* is admin's.</summary>
public static partial class PortEndpoints
{
    private static readonly string[] CreateAttributes =
    [
        "name", "description", "network_id", "fixed_ips", "mac_address", "device_id", "device_owner", "admin_state_up", "security_groups",
        "port_security_enabled", "allowed_address_pairs", "binding:host_id", "binding:vnic_type", "binding:profile", "project_id", "tenant_id", "tags",
    ];

    private static readonly string[] UpdateAttributes =
    [
        "name", "description", "fixed_ips", "mac_address", "device_id", "device_owner", "admin_state_up", "security_groups",
        "port_security_enabled", "allowed_address_pairs", "binding:host_id", "binding:vnic_type", "binding:profile",
    ];

    public static void MapPorts(this IEndpointRouteBuilder v2)
    {
        v2.MapGet("/ports", List);
        v2.MapPost("/ports", Create);
        v2.MapGet("/ports/{id}", Show);
        v2.MapPut("/ports/{id}", Update);
        v2.MapDelete("/ports/{id}", Delete);
    }

    private static IResult List(HttpContext context, NetworkStore store, NeutronRenderCache cache)
    {
        var caller = context.Auth();
        if (context.Request.Query.Count == 0)
        {
            return ListQuery.RespondRendered("ports", store.Ports.Values.Where(p => store.CanSee(p, caller)), p => p.Id, p => cache.Port(p, caller.IsAdmin));
        }

        var items = store.Ports.Values.Where(p => store.CanSee(p, caller)).Select(p => NeutronJson.Port(p, caller.IsAdmin));
        return Results.Json(ListQuery.Respond(context, "ports", items, id => NeutronErrors.NotFound("Port", id)));
    }

    private static IResult Show(HttpContext context, NetworkStore store, string id)
    {
        var caller = context.Auth();
        var port = store.FindPort(id, caller) ?? throw NeutronErrors.NotFound("Port", id);
        return Results.Json(new JsonObject { ["port"] = ListQuery.Select(NeutronJson.Port(port, caller.IsAdmin), ListQuery.Fields(context.Request.Query)) });
    }

    private static async Task<IResult> Create(HttpContext context, NetworkStore store, PortOperations ports, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        Access.RequireWrite(caller, "create_port");
        var (items, bulk) = await NeutronBody.ReadAsync(context.Request, "port", "ports", cancellationToken);
        var created = new List<PortRecord>();
        try
        {
            foreach (var body in items)
            {
                var tags = TagEndpoints.AtCreate(body.Allow(CreateAttributes));
                created.Add(ports.Create(Draft(body, caller, store)));
                created[^1] = TagEndpoints.OnCreate(store, created[^1], tags);
            }
        }
        catch
        {
            created.ForEach(p => ports.Delete(p.Id));
            throw;
        }

        var json = created.Select(p => (JsonNode?)NeutronJson.Port(p, caller.IsAdmin)).ToArray();
        return Results.Json(bulk ? new JsonObject { ["ports"] = new JsonArray(json) } : new JsonObject { ["port"] = json[0] }, statusCode: 201);
    }

    private static PortDraft Draft(NeutronBody body, AuthContext caller, NetworkStore store)
    {
        var networkId = body.String("network_id") ?? throw NeutronErrors.BadRequest("Failed to parse request. Required attribute 'network_id' not specified");
        var network = store.RequireNetwork(networkId, caller);
        if (!caller.IsAdmin && network.ProjectId != caller.ProjectId && !network.Shared)
        {
            throw NeutronErrors.PolicyNotAuthorized("rule:create_port");
        }

        var project = Access.ProjectFor(caller, body);
        var fixedIps = FixedIps(body);
        if (fixedIps is not null && fixedIps.Any(ip => ip.IpAddress is not null) && !caller.IsAdmin && network.ProjectId != caller.ProjectId)
        {
            throw NeutronErrors.PolicyNotAuthorized("rule:create_port and rule:create_port:fixed_ips:ip_address");
        }

        return new PortDraft(
            network.Id, project, body.String("name") ?? string.Empty, body.String("description") ?? string.Empty, fixedIps, Mac(body),
            body.String("device_id") ?? string.Empty, body.String("device_owner") ?? string.Empty, body.Bool("admin_state_up") ?? true,
            SecurityGroups(body, caller, store, project), body.Bool("port_security_enabled"), AddressPairs(body, null),
            Binding(body, caller, PortBinding.Unbound, "create_port"));
    }

    private static async Task<IResult> Update(HttpContext context, NetworkStore store, PortOperations ports, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var port = store.FindPort(id, caller) ?? throw NeutronErrors.NotFound("Port", id);
        Access.RequireWrite(caller, "update_port");
        var body = (await NeutronBody.ReadOneAsync(context.Request, "port", cancellationToken)).Allow(UpdateAttributes);
        var mac = Mac(body);
        if (mac is not null && mac != port.MacAddress)
        {
            Access.RequireAdmin(caller, "update_port", "mac_address");
        }

        var securityGroups = SecurityGroups(body, caller, store, port.ProjectId);
        var pairs = AddressPairs(body, port.MacAddress);
        var binding = Binding(body, caller, port.Binding, "update_port");
        var fixedIps = FixedIps(body);
        var updated = ports.Update(port.Id, p => p with
        {
            Name = body.String("name") ?? p.Name,
            MacAddress = mac ?? p.MacAddress,
            DeviceId = body.Has("device_id") ? body.String("device_id") ?? string.Empty : p.DeviceId,
            DeviceOwner = body.Has("device_owner") ? body.String("device_owner") ?? string.Empty : p.DeviceOwner,
            AdminStateUp = body.Bool("admin_state_up") ?? p.AdminStateUp,
            SecurityGroups = securityGroups ?? p.SecurityGroups,
            PortSecurityEnabled = body.Bool("port_security_enabled") ?? p.PortSecurityEnabled,
            AllowedAddressPairs = pairs ?? p.AllowedAddressPairs,
            Binding = binding,
            Standard = p.Standard with { Description = body.String("description") ?? p.Standard.Description },
        }, fixedIps);
        return Results.Json(new JsonObject { ["port"] = NeutronJson.Port(updated, caller.IsAdmin) });
    }

    private static IResult Delete(HttpContext context, NetworkStore store, PortOperations ports, string id)
    {
        var caller = context.Auth();
        var port = store.FindPort(id, caller) ?? throw NeutronErrors.NotFound("Port", id);
        Access.RequireWrite(caller, "delete_port");
        if (port.DeviceOwner is RouterRecord.InterfaceOwner or RouterRecord.GatewayOwner or FloatingIpRecord.PortOwner)
        {
            throw NeutronErrors.ServicePortInUse(port.Id, port.DeviceOwner);
        }

        ports.Delete(port.Id);
        return Results.NoContent();
    }
}
