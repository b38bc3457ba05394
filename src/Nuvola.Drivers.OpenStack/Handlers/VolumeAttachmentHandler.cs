using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// OS::Cinder::VolumeAttachment → POST /servers/{id}/os-volume_attachments, waiting until the volume is in-use; the
/// physical id is "SERVER:VOLUME". An attachment is no object of its own, so it carries no tags. An update detaches
/// and attaches again (Heat does the same).
/// </summary>
internal sealed class VolumeAttachmentHandler : IResourceHandler
{
    public string Type => "OS::Cinder::VolumeAttachment";

    public async Task<ResourceSnapshot> CreateAsync(HandlerContext context, ResourceSpec spec, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var server = await context.Names.IdAsync("server", props.Str("instance_uuid") ?? throw Failures.Invalid(api.Subject, "instance_uuid is required"),
            api.Subject, cancellationToken).ConfigureAwait(false);
        var volume = await context.Names.IdAsync("volume", props.Str("volume_id") ?? throw Failures.Invalid(api.Subject, "volume_id is required"),
            api.Subject, cancellationToken).ConfigureAwait(false);
        var body = new JsonObject { ["volumeId"] = volume };
        if (props.Str("mountpoint") is { } device)
        {
            body["device"] = device;
        }

        await api.PostAsync(ServiceTypes.Compute, $"/servers/{server}/os-volume_attachments", new JsonObject { ["volumeAttachment"] = body },
            cancellationToken).ConfigureAwait(false);
        var id = $"{server}:{volume}";
        return await Failures.AfterCreateAsync(id, async () =>
        {
            await VolumeHandler.WaitAvailableAsync(context, api, volume, "in-use", cancellationToken).ConfigureAwait(false);
            return await ReadAsync(context, id, cancellationToken).ConfigureAwait(false) is { } snapshot
                ? snapshot with { Properties = spec.Properties.Clone() }
                : throw new OpenStackApiException(api.Subject, "attach", 404, $"attachment {id} vanished", false);
        }).ConfigureAwait(false);
    }

    public async Task<ResourceSnapshot> UpdateAsync(HandlerContext context, ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken)
    {
        await DeleteAsync(context, current.PhysicalId, cancellationToken).ConfigureAwait(false);
        return await CreateAsync(context, spec, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var (server, volume) = Parse(physicalId);
        var api = context.Api(Type, physicalId);
        if (!await api.DeleteAsync(ServiceTypes.Compute, $"/servers/{server}/os-volume_attachments/{volume}", cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await context.Waiter.UntilAsync(async ct =>
        {
            var status = (string?)(await VolumeHandler.ShowAsync(api, volume, ct).ConfigureAwait(false))?["status"];
            return (status is null or "available" or "error", status ?? "gone");
        }, context.Options.DeleteTimeout, api.Subject, $"volume {volume} to be detached", physicalId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceSnapshot?> ReadAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var (server, volume) = Parse(physicalId);
        var found = await context.Api(Type, physicalId).FindAsync(ServiceTypes.Compute, $"/servers/{server}/os-volume_attachments/{volume}",
            cancellationToken).ConfigureAwait(false);
        if (found?["volumeAttachment"] is not JsonObject attachment)
        {
            return null;
        }

        var attributes = (JsonObject)attachment.DeepClone();
        attributes["show"] = attachment.DeepClone();
        return Snapshots.Of(physicalId, attributes, new JsonObject
        {
            ["instance_uuid"] = server,
            ["volume_id"] = volume,
            ["mountpoint"] = attachment["device"]?.DeepClone(),
        });
    }

    public Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TaggedResource>>([]);

    private static (string Server, string Volume) Parse(string physicalId)
    {
        var colon = physicalId.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            ? (physicalId[..colon], physicalId[(colon + 1)..])
            : throw new OpenStackApiException("OS::Cinder::VolumeAttachment", "parse id", 400, $"'{physicalId}' is not SERVER:VOLUME", false);
    }
}
