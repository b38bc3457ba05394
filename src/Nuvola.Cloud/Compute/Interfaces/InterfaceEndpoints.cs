using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Flavors;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Compute.Servers;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Network;

namespace Nuvola.Cloud.Compute.Interfaces;

/// <summary>
/// /compute/v2.1/servers/{id}/os-interface: the server's ports as Nova shows them (list, show), hot-plugging a port
/// (a given port, or a new one on a network with an optional fixed IP; tag from 2.49, shown from 2.70) and unplugging
/// it (202). Network binds and unbinds the port (device_id, device_owner); Compute never touches Network's records.
/// </summary>
public static class InterfaceEndpoints
{
    private static readonly string[] PluggableStates = [VmStates.Active, VmStates.Paused, VmStates.Stopped];

    public static RouteGroupBuilder MapServerInterfaces(this RouteGroupBuilder api)
    {
        api.MapGet("/servers/{id}/os-interface", List);
        api.MapPost("/servers/{id}/os-interface", AttachAsync);
        api.MapGet("/servers/{id}/os-interface/{portId}", Show);
        api.MapDelete("/servers/{id}/os-interface/{portId}", Detach);
        return api;
    }

    private static IResult List(HttpContext context, ServerService service, VirtualInterfaceStore interfaces, string id)
    {
        var server = service.Store.FindFor(context.Auth(), id);
        var ports = service.Networking?.PortsOf(server.Id) ?? [];
        var showTag = context.ComputeVersionAtLeast(2, 70);
        return Json(new JsonObject { ["interfaceAttachments"] = new JsonArray([.. ports.Select(p => (JsonNode)View(p, showTag, interfaces))]) });
    }

    private static IResult Show(HttpContext context, ServerService service, VirtualInterfaceStore interfaces, string id, string portId)
    {
        var caller = context.Auth();
        var server = service.Store.FindFor(caller, id);
        var port = service.Networking?.FindPort(caller, portId) ?? throw ApiException.NotFound($"Port id {portId} could not be found.");
        if (port.DeviceId != server.Id)
        {
            throw ApiException.NotFound($"Instance {server.Id} does not have a port with id {portId}");
        }

        return Json(new JsonObject { ["interfaceAttachment"] = View(port, context.ComputeVersionAtLeast(2, 70), interfaces) });
    }

    private static async Task<IResult> AttachAsync(HttpContext context, ServerService service, VirtualInterfaceStore interfaces, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var server = service.Store.FindFor(caller, id);
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var request = ParseAttach(body, context.ComputeVersion());
        var networking = service.Networking ?? throw new ApiException(501, "Network interface attach is not supported by this cloud.");
        ServerPort? attached = null;
        service.Change(caller, server.Id, context.ComputeRequestId(), "attach_interface", PluggableStates, s =>
        {
            attached = networking.Attach(caller, s.Id, new ServerPortRequest(request.NetworkId, request.PortId, request.FixedIp, Hotplug: true));
            interfaces.Put(new VirtualInterfaceRecord(attached.PortId, s.Id, request.Tag));
            return s;
        }, "compute_attach_interface");
        var port = networking.FindPort(caller, attached!.PortId) ?? attached;
        return Json(new JsonObject { ["interfaceAttachment"] = View(port, context.ComputeVersionAtLeast(2, 70), interfaces) });
    }

    private static IResult Detach(HttpContext context, ServerService service, VirtualInterfaceStore interfaces, string id, string portId)
    {
        var caller = context.Auth();
        var server = service.Store.FindFor(caller, id);
        var networking = service.Networking ?? throw ApiException.NotFound($"Port {portId} is not attached");
        service.Change(caller, server.Id, context.ComputeRequestId(), "detach_interface", PluggableStates, s =>
        {
            if (!networking.PortsOf(s.Id).Any(p => p.PortId == portId))
            {
                throw ApiException.NotFound($"Port {portId} is not attached");
            }

            networking.Detach(s.Id, portId);
            interfaces.Remove(portId);
            return s;
        }, "compute_detach_interface");
        return Results.StatusCode(202);
    }

    /// <summary>Nova's interface attachment view: the port's network, id, MAC, status and fixed IPs (and tag from 2.70).</summary>
    private static JsonObject View(ServerPort port, bool showTag, VirtualInterfaceStore interfaces)
    {
        var view = new JsonObject
        {
            ["net_id"] = port.NetworkId,
            ["port_id"] = port.PortId,
            ["mac_addr"] = port.MacAddress,
            ["port_state"] = port.Status,
            ["fixed_ips"] = new JsonArray([.. port.Addresses.Select(a => (JsonNode)new JsonObject { ["subnet_id"] = a.SubnetId, ["ip_address"] = a.IpAddress })]),
        };
        if (showTag)
        {
            view["tag"] = interfaces.TagOf(port.PortId);
        }

        return view;
    }

    private static AttachRequest ParseAttach(JsonObject body, ApiVersion version)
    {
        NovaInput.NoOtherProperties(body, "interfaceAttachment");
        if (!body.TryGetPropertyValue("interfaceAttachment", out var node))
        {
            return new AttachRequest(null, null, null, null);
        }

        var input = node as JsonObject ?? throw NovaInput.Invalid("interfaceAttachment", node, $"{NovaInput.Show(node)} is not of type 'object'");
        var withTag = version.IsAtLeast(2, 49);
        NovaInput.NoOtherProperties(input, withTag ? ["net_id", "port_id", "fixed_ips", "tag"] : ["net_id", "port_id", "fixed_ips"]);
        var networkId = Uuid(input["net_id"], "net_id");
        var portId = Uuid(input["port_id"], "port_id");
        var fixedIp = FixedIp(input["fixed_ips"]);
        string? tag = null;
        if (withTag && input["tag"] is { } tagNode)
        {
            tag = NovaInput.String(tagNode, "tag", 0, 60);
            if (tag!.Contains(',', StringComparison.Ordinal) || tag.Contains('/', StringComparison.Ordinal))
            {
                throw NovaInput.Invalid("tag", tagNode, $"{NovaInput.Show(tagNode)} does not match '^[^,/]*$'");
            }
        }

        if (networkId is not null && portId is not null)
        {
            throw ApiException.BadRequest("Must not input both network_id and port_id");
        }

        if (fixedIp is not null && networkId is null)
        {
            throw ApiException.BadRequest("Must input network_id when request IP address");
        }

        return new AttachRequest(networkId, portId, fixedIp, tag);
    }

    private static string? Uuid(JsonNode? node, string field)
    {
        var text = ServerInput.String(node, field);
        return text is null || ServerInput.IsUuid(text) ? text : throw NovaInput.Invalid(field, node, $"'{text}' is not a 'uuid'");
    }

    private static string? FixedIp(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray list)
        {
            throw NovaInput.Invalid("fixed_ips", node, $"{NovaInput.Show(node)} is not of type 'array'");
        }

        if (list.Count != 1)
        {
            throw NovaInput.Invalid("fixed_ips", node, list.Count == 0 ? "[] is too short" : $"{list.ToJsonString()} is too long");
        }

        if (list[0] is not JsonObject entry)
        {
            throw NovaInput.Invalid("fixed_ips", node, $"{NovaInput.Show(list[0])} is not of type 'object'");
        }

        NovaInput.NoOtherProperties(entry, "ip_address");
        var address = ServerInput.String(entry["ip_address"], "ip_address") ?? throw NovaInput.Invalid("ip_address", null, "'ip_address' is a required property");
        return System.Net.IPAddress.TryParse(address, out _)
            ? address
            : throw NovaInput.Invalid("ip_address", entry["ip_address"], $"'{address}' is not a 'ip-address'");
    }

    private static IResult Json(JsonNode body) => Results.Text(body.ToJsonString(), "application/json");

    private sealed record AttachRequest(string? NetworkId, string? PortId, string? FixedIp, string? Tag);
}
