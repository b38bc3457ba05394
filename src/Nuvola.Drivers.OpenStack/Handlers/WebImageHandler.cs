using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// OS::Glance::WebImage → POST /v2/images, then Glance's web-download import of location, as Heat does; a cloud
/// without image import (404/405/501) gets the data downloaded by the driver and uploaded to /images/{id}/file.
/// Waits until active (killed fails with the image's id). The engine's tags are Glance tags. Update in place (JSON
/// patch): protected, visibility, tags, extra_properties.
/// </summary>
internal sealed class WebImageHandler : IResourceHandler
{
    private const string PatchType = "application/openstack-images-v2.1-json-patch";

    private static readonly string[] Plain = ["container_format", "disk_format", "os_distro", "os_version", "owner", "architecture",
        "kernel_id", "ramdisk_id", "id"];

    public string Type => "OS::Glance::WebImage";

    public async Task<ResourceSnapshot> CreateAsync(HandlerContext context, ResourceSpec spec, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var location = props.Str("location") ?? throw Failures.Invalid(api.Subject, "location is required");
        var body = new JsonObject
        {
            ["name"] = props.Str("name") ?? $"{spec.Stack}-{spec.LogicalName}",
            ["min_disk"] = props.Int("min_disk") ?? 0,
            ["min_ram"] = props.Int("min_ram") ?? 0,
            ["protected"] = props.Bool("protected") ?? false,
            ["visibility"] = props.Str("visibility") ?? "private",
            ["tags"] = Tags.With(spec, props.Strings("tags")),
        };
        foreach (var key in Plain)
        {
            if (props.Str(key) is { } value)
            {
                body[key] = value;
            }
        }

        foreach (var (key, value) in props.Map("extra_properties") ?? [])
        {
            body[key] = Props.StrOf(value) ?? value?.ToJsonString();
        }

        var created = await api.PostAsync(ServiceTypes.Image, "/images", body, cancellationToken).ConfigureAwait(false);
        var id = (string?)created["id"] ?? throw Failures.Invalid(api.Subject, "the answer to POST /images has no id");
        return await Failures.AfterCreateAsync(id, async () =>
        {
            var import = await context.Session.SendAsync(ServiceTypes.Image, HttpMethod.Post, $"/images/{id}/import",
                new JsonObject { ["method"] = new JsonObject { ["name"] = "web-download", ["uri"] = location } }, api.Subject,
                allowNotFound: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (import.IsNotFound)
            {
                var data = await context.Session.DownloadAsync(location, api.Subject, cancellationToken).ConfigureAwait(false);
                await context.Session.UploadAsync(ServiceTypes.Image, $"/images/{id}/file", data, api.Subject, cancellationToken).ConfigureAwait(false);
            }

            JsonObject? image = null;
            await context.Waiter.UntilAsync(async ct =>
            {
                image = await ShowAsync(api, id, ct).ConfigureAwait(false)
                    ?? throw new OpenStackApiException(api.Subject, $"GET /images/{id}", 404, $"image {id} vanished", false);
                var status = (string?)image["status"] ?? "unknown";
                return status is "killed" or "deleted" or "deactivated"
                    ? throw new OpenStackApiException(api.Subject, $"waiting for image {id}", null, $"image {id} went to status {status}", false)
                    : (status == "active", status);
            }, context.Options.ReadyTimeout, api.Subject, $"image {id} to be active", id, cancellationToken).ConfigureAwait(false);
            return Snapshots.Applied(id, Attributes(image!), spec);
        }).ConfigureAwait(false);
    }

    public async Task<ResourceSnapshot> UpdateAsync(HandlerContext context, ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var old = Props.Of(current.Properties);
        var patch = new JsonArray
        {
            new JsonObject { ["op"] = "replace", ["path"] = "/protected", ["value"] = props.Bool("protected") ?? false },
            new JsonObject { ["op"] = "replace", ["path"] = "/visibility", ["value"] = props.Str("visibility") ?? "private" },
            new JsonObject { ["op"] = "replace", ["path"] = "/tags", ["value"] = Tags.With(spec, props.Strings("tags")) },
        };
        var extra = props.Map("extra_properties") ?? [];
        foreach (var (key, value) in extra)
        {
            patch.Add(new JsonObject { ["op"] = "add", ["path"] = "/" + key, ["value"] = Props.StrOf(value) ?? value?.ToJsonString() });
        }

        foreach (var (key, _) in old.Map("extra_properties") ?? [])
        {
            if (!extra.ContainsKey(key))
            {
                patch.Add(new JsonObject { ["op"] = "remove", ["path"] = "/" + key });
            }
        }

        var image = await api.PatchAsync(ServiceTypes.Image, $"/images/{current.PhysicalId}", patch, PatchType, cancellationToken).ConfigureAwait(false);
        return Snapshots.Applied(current.PhysicalId, Attributes((JsonObject)image), spec);
    }

    public async Task DeleteAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, physicalId);
        await api.DeleteAsync(ServiceTypes.Image, $"/images/{physicalId}", cancellationToken).ConfigureAwait(false);
        await context.Waiter.UntilAsync(async ct => (await ShowAsync(api, physicalId, ct).ConfigureAwait(false)) is null ? (true, "gone") : (false, "present"),
            context.Options.DeleteTimeout, api.Subject, $"image {physicalId} to be deleted", physicalId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceSnapshot?> ReadAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var image = await ShowAsync(context.Api(Type, physicalId), physicalId, cancellationToken).ConfigureAwait(false);
        if (image is null)
        {
            return null;
        }

        var properties = Snapshots.Pick(image, "name", "container_format", "disk_format", "min_disk", "min_ram", "protected", "visibility");
        properties["tags"] = Tags.UserTags(image["tags"]);
        return Snapshots.Of(physicalId, Attributes(image), properties);
    }

    public async Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken)
    {
        var list = await context.Api(Type).GetAsync(ServiceTypes.Image, $"/images?tag={Uri.EscapeDataString(Tags.StackTag(stack))}", cancellationToken)
            .ConfigureAwait(false);
        return [.. (list["images"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(i => Tags.LogicalName(i["tags"]) is not null && (i["tags"] as JsonArray ?? []).Any(t => (string?)t == Tags.StackTag(stack)))
            .Select(i => new TaggedResource(Tags.LogicalName(i["tags"])!, Type, (string)i["id"]!))];
    }

    private static async Task<JsonObject?> ShowAsync(ResourceApi api, string id, CancellationToken cancellationToken) =>
        await api.FindAsync(ServiceTypes.Image, $"/images/{id}", cancellationToken).ConfigureAwait(false) as JsonObject;

    private static JsonObject Attributes(JsonObject image)
    {
        var attributes = (JsonObject)image.DeepClone();
        attributes["show"] = image.DeepClone();
        attributes["tags"] = Tags.UserTags(image["tags"]);
        return attributes;
    }
}
