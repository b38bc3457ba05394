using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Compute.Servers;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Volumes;

/// <summary>/compute/v2.1/servers/{id}/os-volume_attachments: list, show, attach, swap (PUT) and detach, shaped per microversion.</summary>
public static partial class VolumeAttachmentEndpoints
{
    public static IEndpointRouteBuilder MapVolumeAttachments(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapComputeApi();
        api.MapGet("/servers/{id}/os-volume_attachments", List);
        api.MapPost("/servers/{id}/os-volume_attachments", Attach);
        api.MapGet("/servers/{id}/os-volume_attachments/{volumeId}", Show);
        api.MapPut("/servers/{id}/os-volume_attachments/{volumeId}", Update);
        api.MapDelete("/servers/{id}/os-volume_attachments/{volumeId}", Detach);
        return routes;
    }

    private static IResult List(HttpContext context, ServerVolumeService service, string id)
    {
        var caller = context.Auth();
        var server = service.Servers.Store.FindFor(caller, id);
        var offset = QueryNumber(context, "offset") ?? 0;
        var limit = QueryNumber(context, "limit") is { } asked and > 0 ? Math.Min(asked, 1000) : 1000;
        if (context.ComputeVersionAtLeast(2, 75))
        {
            foreach (var key in context.Request.Query.Keys.Where(k => k is not ("limit" or "offset")))
            {
                throw ApiException.BadRequest($"Invalid input for query parameters {key}. Value: {context.Request.Query[key]}. Additional properties are not allowed ('{key}' was unexpected)");
            }
        }

        var version = context.ComputeVersion();
        var list = new JsonArray([.. service.VolumesOf(server.Id).Skip(offset).Take(limit).Select(d => (JsonNode)View(d, server.Id, version))]);
        return ServerEndpoints.Json(new JsonObject { ["volumeAttachments"] = list });
    }

    private static IResult Show(HttpContext context, ServerVolumeService service, string id, string volumeId)
    {
        var server = service.Servers.Store.FindFor(context.Auth(), id);
        var record = service.VolumesOf(server.Id).FirstOrDefault(d => d.VolumeId == volumeId) ?? throw ServerVolumeService.NotAttached(id, volumeId);
        return ServerEndpoints.Json(new JsonObject { ["volumeAttachment"] = View(record, server.Id, context.ComputeVersion()) });
    }

    private static async Task<IResult> Attach(HttpContext context, ServerVolumeService service, string id, CancellationToken cancellationToken)
    {
        var version = context.ComputeVersion();
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var attachment = RequireAttachment(body);
        var allowed = new List<string> { "volumeId", "device" };
        if (version.IsAtLeast(2, 49))
        {
            allowed.Add("tag");
        }

        if (version.IsAtLeast(2, 79))
        {
            allowed.Add("delete_on_termination");
        }

        RejectUnknown(attachment, allowed);
        var volumeId = VolumeId(attachment);
        var device = ServerInput.String(attachment["device"], "device");
        if (device is not null && !DevicePattern().IsMatch(device))
        {
            throw ServerInput.Invalid("device", attachment["device"], $"'{device}' does not match '(^/dev/x{{0,1}}[a-z]{{0,1}}d{{0,1}})([a-z]+)[0-9]*$'");
        }

        var tag = attachment["tag"] is null ? null : ServerInput.Tag(attachment["tag"], "tag");
        var deleteOnTermination = attachment["delete_on_termination"] is { } flag && ServerInput.Boolean(flag, "delete_on_termination");
        var request = new AttachRequest(volumeId, device, tag, deleteOnTermination, version.IsAtLeast(2, 60));
        var record = service.Attach(context.Auth(), id, request, context.ComputeRequestId());
        var view = new JsonObject
        {
            ["id"] = volumeId,
            ["serverId"] = id,
            ["volumeId"] = volumeId,
            ["device"] = record.DeviceName,
        };
        if (version.IsAtLeast(2, 70))
        {
            view["tag"] = record.Tag;
        }

        if (version.IsAtLeast(2, 79))
        {
            view["delete_on_termination"] = record.DeleteOnTermination;
        }

        return ServerEndpoints.Json(new JsonObject { ["volumeAttachment"] = view });
    }

    private static async Task<IResult> Update(HttpContext context, ServerVolumeService service, string id, string volumeId, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var attachment = RequireAttachment(body);
        RejectUnknown(attachment, ["volumeId"]);
        var newVolumeId = VolumeId(attachment);
        await service.SwapAsync(context.Auth(), id, volumeId, newVolumeId, context.ComputeRequestId());
        return Results.StatusCode(202);
    }

    private static IResult Detach(HttpContext context, ServerVolumeService service, string id, string volumeId)
    {
        service.Detach(context.Auth(), id, volumeId, context.ComputeRequestId());
        return Results.StatusCode(202);
    }

    /// <summary>Nova's attachment view: the attachment id is the volume id (until 2.89); tag from 2.70, delete_on_termination from 2.79.</summary>
    private static JsonObject View(BlockDeviceRecord record, string serverId, ApiVersion version)
    {
        var view = new JsonObject
        {
            ["id"] = record.VolumeId,
            ["volumeId"] = record.VolumeId,
            ["serverId"] = serverId,
        };
        if (record.DeviceName is not null)
        {
            view["device"] = record.DeviceName;
        }

        if (version.IsAtLeast(2, 70))
        {
            view["tag"] = record.Tag;
        }

        if (version.IsAtLeast(2, 79))
        {
            view["delete_on_termination"] = record.DeleteOnTermination;
        }

        return view;
    }

    private static JsonObject RequireAttachment(JsonObject body)
    {
        foreach (var (key, _) in body)
        {
            if (key != "volumeAttachment")
            {
                throw ServerInput.Invalid("volumeAttachment", body, $"Additional properties are not allowed ('{key}' was unexpected)");
            }
        }

        return body["volumeAttachment"] as JsonObject
            ?? throw ServerInput.Invalid("volumeAttachment", body["volumeAttachment"], "'volumeAttachment' is a required property of type 'object'");
    }

    private static void RejectUnknown(JsonObject attachment, IReadOnlyCollection<string> allowed)
    {
        foreach (var (key, _) in attachment)
        {
            if (!allowed.Contains(key))
            {
                throw ServerInput.Invalid("volumeAttachment", attachment, $"Additional properties are not allowed ('{key}' was unexpected)");
            }
        }
    }

    private static string VolumeId(JsonObject attachment)
    {
        var volumeId = ServerInput.String(attachment["volumeId"], "volumeId") ?? throw ServerInput.Invalid("volumeAttachment", attachment, "'volumeId' is a required property");
        return ServerInput.IsUuid(volumeId) ? volumeId : throw ServerInput.Invalid("volumeId", attachment["volumeId"], $"'{volumeId}' is not a 'uuid'");
    }

    private static int? QueryNumber(HttpContext context, string key)
    {
        if (!context.Request.Query.TryGetValue(key, out var values))
        {
            return null;
        }

        var text = values.ToString();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw ApiException.BadRequest($"Invalid input for query parameters {key}. Value: {text}. '{text}' does not match '^[0-9]*$'");
    }

    [GeneratedRegex("(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$")]
    private static partial Regex DevicePattern();
}
