using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// OS::Cinder::Volume → /v3/{project}/volumes; waits for "available" ("error" fails with the volume's id). Cinder
/// volumes have no tags: the engine's tags are metadata keys (nuvola-stack, nuvola-resource), hidden from the
/// metadata property read back. Update: name/description, metadata, size (os-extend), volume type (os-retype),
/// read_only (os-update_readonly_flag).
/// </summary>
internal sealed class VolumeHandler : IResourceHandler
{
    public string Type => "OS::Cinder::Volume";

    public async Task<ResourceSnapshot> CreateAsync(HandlerContext context, ResourceSpec spec, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var body = new JsonObject
        {
            ["name"] = props.Str("name") ?? $"{spec.Stack}-{spec.LogicalName}",
            ["metadata"] = Metadata(spec, props),
        };
        if (props.Int("size") is { } size)
        {
            body["size"] = size;
        }

        foreach (var (property, key) in new[] { ("description", "description"), ("availability_zone", "availability_zone"),
                     ("snapshot_id", "snapshot_id"), ("backup_id", "backup_id"), ("consistencygroup_id", "consistencygroup_id"),
                     ("group", "group_id") })
        {
            if (props.Str(property) is { } value)
            {
                body[key] = value;
            }
        }

        if (props.Bool("multiattach") is { } multiattach)
        {
            body["multiattach"] = multiattach;
        }

        if (props.Str("volume_type") is { } volumeType)
        {
            body["volume_type"] = volumeType;
        }

        if (props.Str("image") is { } image)
        {
            body["imageRef"] = await context.Names.IdAsync("image", image, api.Subject, cancellationToken).ConfigureAwait(false);
        }

        if (props.Str("source_volid") is { } source)
        {
            body["source_volid"] = await context.Names.IdAsync("volume", source, api.Subject, cancellationToken).ConfigureAwait(false);
        }

        var request = new JsonObject { ["volume"] = body };
        if (props.Map("scheduler_hints") is { } hints)
        {
            request["OS-SCH-HNT:scheduler_hints"] = hints.DeepClone();
        }

        var created = await api.PostAsync(ServiceTypes.Volume, "/volumes", request, cancellationToken).ConfigureAwait(false);
        var id = (string?)created["volume"]?["id"] ?? throw Failures.Invalid(api.Subject, "the answer to POST /volumes has no id");
        return await Failures.AfterCreateAsync(id, async () =>
        {
            await WaitAvailableAsync(context, api, id, "available", cancellationToken).ConfigureAwait(false);
            if (props.Bool("read_only") == true)
            {
                await api.PostAsync(ServiceTypes.Volume, $"/volumes/{id}/action",
                    new JsonObject { ["os-update_readonly_flag"] = new JsonObject { ["readonly"] = true } }, cancellationToken).ConfigureAwait(false);
            }

            return Snapshots.Applied(id, Attributes(await ShowAsync(api, id, cancellationToken).ConfigureAwait(false) ?? []), spec);
        }).ConfigureAwait(false);
    }

    public async Task<ResourceSnapshot> UpdateAsync(HandlerContext context, ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var id = current.PhysicalId;
        var volume = await ShowAsync(api, id, cancellationToken).ConfigureAwait(false)
            ?? throw new OpenStackApiException(api.Subject, $"GET /volumes/{id}", 404, $"volume {id} is gone", false);
        var body = new JsonObject { ["name"] = props.Str("name") ?? $"{spec.Stack}-{spec.LogicalName}" };
        if (props.Has("description"))
        {
            body["description"] = props.Str("description") ?? string.Empty;
        }

        await api.PutAsync(ServiceTypes.Volume, $"/volumes/{id}", new JsonObject { ["volume"] = body }, cancellationToken).ConfigureAwait(false);
        await api.PutAsync(ServiceTypes.Volume, $"/volumes/{id}/metadata", new JsonObject { ["metadata"] = Metadata(spec, props) },
            cancellationToken).ConfigureAwait(false);
        if (props.Int("size") is { } size && size > (Props.IntOf(volume["size"]) ?? 0))
        {
            var status = (string?)volume["status"];
            await api.PostAsync(ServiceTypes.Volume, $"/volumes/{id}/action",
                new JsonObject { ["os-extend"] = new JsonObject { ["new_size"] = size } }, cancellationToken).ConfigureAwait(false);
            await WaitAvailableAsync(context, api, id, status == "in-use" ? "in-use" : "available", cancellationToken).ConfigureAwait(false);
        }
        else if (props.Int("size") is { } smaller && smaller < (Props.IntOf(volume["size"]) ?? 0))
        {
            throw Failures.Invalid(api.Subject, $"a volume cannot shrink (from {volume["size"]} GB to {smaller} GB)");
        }

        if (props.Str("volume_type") is { } type && type != (string?)volume["volume_type"])
        {
            await api.PostAsync(ServiceTypes.Volume, $"/volumes/{id}/action",
                new JsonObject { ["os-retype"] = new JsonObject { ["new_type"] = type, ["migration_policy"] = "on-demand" } },
                cancellationToken).ConfigureAwait(false);
        }

        if (props.Bool("read_only") is { } readOnly)
        {
            await api.PostAsync(ServiceTypes.Volume, $"/volumes/{id}/action",
                new JsonObject { ["os-update_readonly_flag"] = new JsonObject { ["readonly"] = readOnly } }, cancellationToken).ConfigureAwait(false);
        }

        return Snapshots.Applied(id, Attributes(await ShowAsync(api, id, cancellationToken).ConfigureAwait(false) ?? []), spec);
    }

    public async Task DeleteAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, physicalId);
        await context.Waiter.UntilAsync(async ct =>
        {
            var volume = await ShowAsync(api, physicalId, ct).ConfigureAwait(false);
            var status = (string?)volume?["status"];
            if (volume is null)
            {
                return (true, "gone");
            }

            if (status is "available" or "error" or "error_restoring" or "error_extending" or "error_managing")
            {
                await api.DeleteAsync(ServiceTypes.Volume, $"/volumes/{physicalId}", ct).ConfigureAwait(false);
            }

            return (false, status ?? "unknown");
        }, context.Options.DeleteTimeout, api.Subject, $"volume {physicalId} to be deleted", physicalId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceSnapshot?> ReadAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var volume = await ShowAsync(context.Api(Type, physicalId), physicalId, cancellationToken).ConfigureAwait(false);
        if (volume is null)
        {
            return null;
        }

        var properties = Snapshots.Pick(volume, "name", "description", "size", "volume_type", "multiattach");
        properties["metadata"] = UserMetadata(volume["metadata"]);
        return Snapshots.Of(physicalId, Attributes(volume), properties);
    }

    public async Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken)
    {
        var filter = new JsonObject { [EngineTags.Stack] = stack }.ToJsonString();
        var list = await context.Api(Type).GetAsync(ServiceTypes.Volume, $"/volumes/detail?metadata={Uri.EscapeDataString(filter)}",
            cancellationToken).ConfigureAwait(false);
        return [.. (list["volumes"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(v => (string?)v["metadata"]?[EngineTags.Stack] == stack && v["metadata"]?[EngineTags.LogicalName] is not null)
            .Select(v => new TaggedResource((string)v["metadata"]![EngineTags.LogicalName]!, Type, (string)v["id"]!))];
    }

    internal static async Task<JsonObject?> ShowAsync(ResourceApi api, string id, CancellationToken cancellationToken) =>
        (await api.FindAsync(ServiceTypes.Volume, $"/volumes/{id}", cancellationToken).ConfigureAwait(false))?["volume"] as JsonObject;

    /// <summary>Polls until the volume has <paramref name="wanted"/> status; an error status fails with the volume's id.</summary>
    internal static Task WaitAvailableAsync(HandlerContext context, ResourceApi api, string id, string wanted, CancellationToken cancellationToken) =>
        context.Waiter.UntilAsync(async ct =>
        {
            var volume = await ShowAsync(api, id, ct).ConfigureAwait(false)
                ?? throw new OpenStackApiException(api.Subject, $"GET /volumes/{id}", 404, $"volume {id} vanished", false) { PhysicalId = id };
            var status = (string?)volume["status"] ?? "unknown";
            if (status.StartsWith("error", StringComparison.Ordinal))
            {
                throw new OpenStackApiException(api.Subject, $"waiting for volume {id}", null, $"volume {id} went to status {status}", false)
                {
                    PhysicalId = id,
                };
            }

            return (status == wanted, status);
        }, context.Options.ReadyTimeout, api.Subject, $"volume {id} to be {wanted}", id, cancellationToken);

    private static JsonObject Metadata(ResourceSpec spec, Props props)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in props.Map("metadata") ?? [])
        {
            metadata[key] = Props.StrOf(value) ?? value?.ToJsonString() ?? string.Empty;
        }

        foreach (var (key, value) in spec.Tags)
        {
            metadata[key] = value;
        }

        return metadata;
    }

    private static JsonObject UserMetadata(JsonNode? metadata)
    {
        var result = new JsonObject();
        foreach (var (key, value) in metadata as JsonObject ?? [])
        {
            if (key is not EngineTags.Stack and not EngineTags.LogicalName)
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }

    private static JsonObject Attributes(JsonObject volume)
    {
        var attributes = (JsonObject)volume.DeepClone();
        attributes["show"] = volume.DeepClone();
        attributes["display_name"] = volume["name"]?.DeepClone();
        attributes["display_description"] = volume["description"]?.DeepClone();
        attributes["metadata"] = UserMetadata(volume["metadata"]);
        attributes["metadata_values"] = UserMetadata(volume["metadata"]);
        attributes["attachments_list"] = volume["attachments"]?.DeepClone() ?? new JsonArray();
        attributes["attachments"] = volume["attachments"]?.DeepClone() ?? new JsonArray();
        return attributes;
    }
}
