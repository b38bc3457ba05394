using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Compute.SecurityGroups;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Hypervisors;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>POST /servers/{id}/action: one action per body, named by its only key.</summary>
public static partial class ServerEndpoints
{
    private static async Task<IResult> Action(HttpContext context, ServerService service, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var server = service.Store.FindFor(caller, id);
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (body.Count != 1)
        {
            throw ApiException.BadRequest("Malformed request body: exactly one action is expected.");
        }

        var (name, argument) = body.First();
        if (ObjectArgument.Contains(name) && argument is not JsonObject)
        {
            throw ServerInput.Invalid(name, argument, $"{ServerInput.Show(argument)} is not of type 'object'");
        }

        var requestId = context.ComputeRequestId();
        switch (name)
        {
            case "os-stop":
                await service.StopAsync(caller, id, requestId);
                return Results.StatusCode(202);
            case "os-start":
                await service.StartAsync(caller, id, requestId);
                return Results.StatusCode(202);
            case "reboot":
                var type = ServerInput.String(argument?["type"], "type")?.ToUpperInvariant();
                if (type is not ("SOFT" or "HARD"))
                {
                    throw ServerInput.Invalid("type", argument?["type"], "'type' is a required property, one of ['HARD', 'Hard', 'SOFT', 'Soft']");
                }

                await service.RebootAsync(caller, id, requestId, type == "HARD");
                return Results.StatusCode(202);
            case "pause":
                await service.PauseAsync(caller, id, requestId);
                return Results.StatusCode(202);
            case "unpause":
                await service.UnpauseAsync(caller, id, requestId);
                return Results.StatusCode(202);
            case "suspend":
                await service.SuspendAsync(caller, id, requestId);
                return Results.StatusCode(202);
            case "resume":
                await service.ResumeAsync(caller, id, requestId);
                return Results.StatusCode(202);
            case "lock":
                var reason = context.ComputeVersionAtLeast(2, 73) && argument is JsonObject lockArgs ? ServerInput.String(lockArgs["locked_reason"], "locked_reason") : null;
                service.Lock(caller, id, requestId, reason);
                return Results.StatusCode(202);
            case "unlock":
                service.Unlock(caller, id, requestId);
                return Results.StatusCode(202);
            case "os-getConsoleOutput":
                return ConsoleOutput(service, server, argument);
            case "createImage":
                return CreateImage(context, service, caller, server, argument, requestId);
            case "changePassword":
                var password = ServerInput.String(argument?["adminPass"], "adminPass") ?? throw ServerInput.Invalid("adminPass", null, "'adminPass' is a required property");
                _ = password;
                service.Change(caller, id, requestId, "changePassword", [VmStates.Active], s => s, "compute_set_admin_password");
                return Results.StatusCode(202);
            case "resize":
                return Resize(context, service, caller, server, argument, requestId);
            case "confirmResize":
                service.Change(caller, id, requestId, "confirmResize", [VmStates.Resized], s => s with { VmState = VmStates.Active, OldFlavor = null }, "compute_confirm_resize");
                return Results.StatusCode(204);
            case "revertResize":
                service.Change(caller, id, requestId, "revertResize", [VmStates.Resized], s => s with { VmState = VmStates.Active, Flavor = s.OldFlavor ?? s.Flavor, OldFlavor = null }, "compute_revert_resize");
                return Results.StatusCode(202);
            case "rebuild":
                return Rebuild(context, service, caller, server, argument, requestId);
            case "addSecurityGroup":
                var added = SecurityGroupName(argument);
                service.Change(caller, id, requestId, "addSecurityGroup", null, s =>
                {
                    context.RequestServices.GetService<NovaSecurityGroups>()?.AddToServer(caller, s.Id, added);
                    return s.SecurityGroups.Contains(added) ? s : s with { SecurityGroups = [.. s.SecurityGroups, added] };
                });
                return Results.StatusCode(202);
            case "removeSecurityGroup":
                var removed = SecurityGroupName(argument);
                service.Change(caller, id, requestId, "removeSecurityGroup", null, s =>
                {
                    if (context.RequestServices.GetService<NovaSecurityGroups>() is { } groups)
                    {
                        groups.RemoveFromServer(caller, s.Id, removed);
                    }
                    else if (!s.SecurityGroups.Contains(removed))
                    {
                        throw ApiException.BadRequest($"Security group {removed} not associated with the instance {s.Id}");
                    }

                    return s with { SecurityGroups = [.. s.SecurityGroups.Where(g => g != removed)] };
                });
                return Results.StatusCode(202);
            default:
                throw ApiException.NotFound($"There is no such action: {name}");
        }
    }

    /// <summary>The actions whose argument Nova's schema requires to be an object (the others take null or anything).</summary>
    private static readonly HashSet<string> ObjectArgument = new(StringComparer.Ordinal)
    {
        "reboot", "os-getConsoleOutput", "createImage", "changePassword", "resize", "rebuild", "addSecurityGroup", "removeSecurityGroup",
    };

    private static IResult ConsoleOutput(ServerService service, ServerRecord server, JsonNode? argument)
    {
        int? length = null;
        if (argument is JsonObject args && args["length"] is { } lengthNode)
        {
            var text = lengthNode.GetValueKind() == JsonValueKind.String ? lengthNode.GetValue<string>() : lengthNode.ToJsonString();
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) || parsed < -1)
            {
                throw ServerInput.Invalid("length", lengthNode, $"{ServerInput.Show(lengthNode)} is not a valid length (an integer of -1 or more)");
            }

            length = parsed < 0 ? null : parsed;
        }

        if (server.VmState == VmStates.Building)
        {
            throw ApiException.Conflict($"Instance {server.Id} is not ready");
        }

        return Json(new JsonObject { ["output"] = service.Hypervisor.ConsoleOutput(server.Id, length) });
    }

    private static IResult CreateImage(HttpContext context, ServerService service, AuthContext caller, ServerRecord server, JsonNode? argument, string requestId)
    {
        if (argument is not JsonObject args)
        {
            throw ServerInput.Invalid("createImage", argument, "is not of type 'object'");
        }

        var name = ServerInput.Name(args["name"]);
        var metadata = ServerInput.Metadata(args["metadata"]);
        var images = service.Images ?? throw new ApiException(503, "The image service is not available.");
        var snapshotId = string.Empty;
        service.Change(caller, server.Id, requestId, "createImage", [VmStates.Active, VmStates.Stopped, VmStates.Paused, VmStates.Suspended], s =>
        {
            var properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["instance_uuid"] = s.Id,
                ["image_type"] = "snapshot",
                ["user_id"] = caller.UserId,
                ["owner_project_name"] = caller.ProjectName ?? string.Empty,
                ["base_image_ref"] = s.ImageId ?? string.Empty,
            };
            foreach (var (key, value) in metadata)
            {
                properties[key] = value;
            }
            snapshotId = service.Hypervisor is ISnapshotHypervisor packer
                ? ServerSnapshots.Start(images, packer, caller, s.Id, name, properties, s.ImageId, context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServerSnapshots)))
                : images.CreateSnapshot(caller, name, properties, s.ImageId);
            return s;
        }, "compute_snapshot_instance");
        // Before 2.45 the snapshot is named by the Location header; from 2.45 by the body's image_id (no Location).
        if (context.ComputeVersionAtLeast(2, 45))
        {
            return Json(new JsonObject { ["image_id"] = snapshotId }, 202);
        }

        var baseUrl = context.RequestServices.GetRequiredService<PublicUrls>().For(context);
        context.Response.Headers.Location = baseUrl + "/image/v2/images/" + snapshotId;
        return Results.StatusCode(202);
    }

    private static IResult Resize(HttpContext context, ServerService service, AuthContext caller, ServerRecord server, JsonNode? argument, string requestId)
    {
        var flavorRef = argument is JsonObject args ? ServerInput.Reference(args["flavorRef"], "flavorRef") : null;
        if (string.IsNullOrEmpty(flavorRef))
        {
            throw ServerInput.Invalid("flavorRef", argument?["flavorRef"], "'flavorRef' is a required property");
        }

        var flavor = context.RequestServices.GetRequiredService<ServerFlavors>().Find(flavorRef, caller)
            ?? throw ApiException.BadRequest("Invalid flavorRef provided.");
        if (flavor.Id == server.Flavor.Id)
        {
            throw ApiException.BadRequest("When resizing, instances must change flavor!");
        }

        context.RequestServices.GetService<Limits.QuotaService>()?.CheckResize(server.ProjectId, flavor.Vcpus - server.Flavor.Vcpus, flavor.Ram - server.Flavor.Ram);

        service.Change(caller, server.Id, requestId, "resize", [VmStates.Active, VmStates.Stopped], s => s with { VmState = VmStates.Resized, OldFlavor = s.Flavor, Flavor = flavor }, "compute_resize_instance");
        return Results.StatusCode(202);
    }

    private static IResult Rebuild(HttpContext context, ServerService service, AuthContext caller, ServerRecord server, JsonNode? argument, string requestId)
    {
        if (argument is not JsonObject args)
        {
            throw ServerInput.Invalid("rebuild", argument, "is not of type 'object'");
        }

        var version = context.ComputeVersion();
        var imageRef = ServerInput.String(args["imageRef"], "imageRef") ?? throw ServerInput.Invalid("imageRef", null, "'imageRef' is a required property");
        var imageId = imageRef.TrimEnd('/')[(imageRef.TrimEnd('/').LastIndexOf('/') + 1)..];
        if (!ServerInput.IsUuid(imageId) || service.Images?.Find(caller, imageId) is null)
        {
            throw ApiException.BadRequest("Can not find requested image");
        }

        var name = args.ContainsKey("name") ? ServerInput.Name(args["name"]) : null;
        var metadata = args.ContainsKey("metadata") ? ServerInput.Metadata(args["metadata"]) : null;
        var ipv4 = args.ContainsKey("accessIPv4") ? ServerInput.AccessIp(args["accessIPv4"], "accessIPv4", System.Net.Sockets.AddressFamily.InterNetwork) : null;
        var ipv6 = args.ContainsKey("accessIPv6") ? ServerInput.AccessIp(args["accessIPv6"], "accessIPv6", System.Net.Sockets.AddressFamily.InterNetworkV6) : null;
        var hasDescription = version.IsAtLeast(2, 19) && args.ContainsKey("description");
        var description = hasDescription ? ServerInput.String(args["description"], "description") : null;
        var hasKey = version.IsAtLeast(2, 54) && args.ContainsKey("key_name");
        var keyName = hasKey ? ServerInput.String(args["key_name"], "key_name") : null;
        var hasUserData = version.IsAtLeast(2, 57) && args.ContainsKey("user_data");
        var userData = hasUserData ? ServerInput.String(args["user_data"], "user_data") : null;
        var adminPass = ServerInput.String(args["adminPass"], "adminPass") ?? ServerCreateRequest.GeneratePassword();
        var rebuilt = service.Rebuild(caller, server.Id, requestId, s => s with
        {
            ImageId = imageId,
            Name = name ?? s.Name,
            Metadata = metadata ?? s.Metadata,
            AccessIPv4 = ipv4 ?? s.AccessIPv4,
            AccessIPv6 = ipv6 ?? s.AccessIPv6,
            Description = hasDescription ? description : s.Description,
            KeyName = hasKey ? keyName : s.KeyName,
            UserData = hasUserData ? userData : s.UserData,
        });
        var view = ViewFor(context, service).Rebuilt(rebuilt);
        view["adminPass"] = adminPass;
        return Json(new JsonObject { ["server"] = view }, 202);
    }

    private static string SecurityGroupName(JsonNode? argument) =>
        argument is JsonObject args && ServerInput.String(args["name"], "name") is { Length: > 0 } name
            ? name
            : throw ServerInput.Invalid("name", argument?["name"], "'name' is a required property");
}
