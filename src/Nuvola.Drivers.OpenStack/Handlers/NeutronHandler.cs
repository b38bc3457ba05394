using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// The shape every Neutron object shares: POST /{collection} {singular: …}, PUT to update, DELETE (404 = gone), the
/// engine's tags through PUT /{collection}/{id}/tags, orphans found with ?tags=, attributes = the API object plus
/// Heat's "show". Subclasses give the request bodies.
/// </summary>
internal abstract class NeutronHandler : IResourceHandler
{
    public abstract string Type { get; }

    /// <summary>The URL collection, e.g. "security-groups".</summary>
    protected abstract string Collection { get; }

    /// <summary>The JSON key of one object, e.g. "security_group".</summary>
    protected abstract string Singular { get; }

    /// <summary>The JSON key of a list; derived from <see cref="Singular"/>.</summary>
    protected virtual string Plural => Singular + "s";

    /// <summary>Whether the object carries tags (rules do not).</summary>
    protected virtual bool Taggable => true;

    /// <summary>The request body of the create (without value_specs and tags, which the base adds).</summary>
    protected abstract Task<JsonObject> CreateBodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken);

    /// <summary>The request body of an update (only what may change in place); empty = no PUT.</summary>
    protected abstract Task<JsonObject> UpdateBodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken);

    /// <summary>The HOT properties as the object has them (those that round-trip).</summary>
    protected abstract JsonObject PropertiesOf(JsonObject item);

    /// <summary>Adds computed attributes to the API object's fields.</summary>
    protected virtual Task AddAttributesAsync(HandlerContext context, JsonObject item, JsonObject attributes,
        CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Steps after the object exists (router gateway, rules, …).</summary>
    protected virtual Task AfterCreateAsync(HandlerContext context, ResourceSpec spec, Props props, string id, ResourceApi api,
        CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Steps after the PUT of an update (rules, …).</summary>
    protected virtual Task AfterUpdateAsync(HandlerContext context, ResourceSpec spec, Props props, string id, ResourceApi api,
        CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether a listed tagged object belongs to this type (ports of router interfaces do not).</summary>
    protected virtual bool IsOwn(JsonObject item) => true;

    public async Task<ResourceSnapshot> CreateAsync(HandlerContext context, ResourceSpec spec, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var body = await CreateBodyAsync(context, spec, props, api.Subject, cancellationToken).ConfigureAwait(false);
        MergeValueSpecs(body, props);
        var tags = Taggable ? Tags.With(spec, props.Strings("tags")) : null;
        var (created, tagged) = await Tags.PostTaggedAsync(api, "/" + Collection, Singular, body, tags, cancellationToken).ConfigureAwait(false);
        var id = (string?)created[Singular]?["id"] ?? throw Failures.Invalid(api.Subject, $"the answer to POST /{Collection} has no id");
        return await Failures.AfterCreateAsync(id, async () =>
        {
            if (Taggable && !tagged)
            {
                await api.PutAsync(ServiceTypes.Network, $"/{Collection}/{id}/tags",
                    new JsonObject { ["tags"] = Tags.With(spec, props.Strings("tags")) }, cancellationToken).ConfigureAwait(false);
            }

            await AfterCreateAsync(context, spec, props, id, api, cancellationToken).ConfigureAwait(false);
            var item = await ShowAsync(api, id, cancellationToken).ConfigureAwait(false)
                ?? throw Failures.Invalid(api.Subject, $"{Singular} {id} vanished right after its create");
            return Snapshots.Applied(id, await AttributesAsync(context, item, cancellationToken).ConfigureAwait(false), spec);
        }).ConfigureAwait(false);
    }

    public async Task<ResourceSnapshot> UpdateAsync(HandlerContext context, ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var id = current.PhysicalId;
        var body = await UpdateBodyAsync(context, spec, props, api.Subject, cancellationToken).ConfigureAwait(false);
        if (props.Map("value_specs") is { } specs && UpdatesValueSpecs)
        {
            MergeValueSpecs(body, props);
        }

        if (body.Count > 0)
        {
            await api.PutAsync(ServiceTypes.Network, $"/{Collection}/{id}", new JsonObject { [Singular] = body }, cancellationToken)
                .ConfigureAwait(false);
        }

        if (Taggable)
        {
            await api.PutAsync(ServiceTypes.Network, $"/{Collection}/{id}/tags",
                new JsonObject { ["tags"] = Tags.With(spec, props.Strings("tags")) }, cancellationToken).ConfigureAwait(false);
        }

        await AfterUpdateAsync(context, spec, props, id, api, cancellationToken).ConfigureAwait(false);
        var item = await ShowAsync(api, id, cancellationToken).ConfigureAwait(false)
            ?? throw new OpenStackApiException(api.Subject, $"GET /{Collection}/{id}", 404, $"{Singular} {id} is gone", isTransient: false);
        return Snapshots.Applied(id, await AttributesAsync(context, item, cancellationToken).ConfigureAwait(false), spec);
    }

    public virtual async Task DeleteAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, physicalId);
        await api.DeleteAsync(ServiceTypes.Network, $"/{Collection}/{physicalId}", cancellationToken).ConfigureAwait(false);
        await context.Waiter.UntilAsync(async ct =>
            (await ShowAsync(api, physicalId, ct).ConfigureAwait(false)) is null ? (true, "gone") : (false, "present"),
            context.Options.DeleteTimeout, api.Subject, $"{Singular} {physicalId} to be deleted", physicalId, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<ResourceSnapshot?> ReadAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, physicalId);
        var item = await ShowAsync(api, physicalId, cancellationToken).ConfigureAwait(false);
        return item is null
            ? null
            : Snapshots.Of(physicalId, await AttributesAsync(context, item, cancellationToken).ConfigureAwait(false), PropertiesOf(item));
    }

    public async Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken)
    {
        if (!Taggable)
        {
            return [];
        }

        var api = context.Api(Type);
        var list = await api.GetAsync(ServiceTypes.Network, $"/{Collection}?tags={Uri.EscapeDataString(Tags.StackTag(stack))}",
            cancellationToken).ConfigureAwait(false);
        return [.. (list[Plural] as JsonArray ?? []).OfType<JsonObject>()
            .Where(IsOwn)
            .Select(o => (Id: (string?)o["id"], Name: Tags.LogicalName(o["tags"])))
            .Where(o => o.Id is not null && o.Name is not null)
            .Select(o => new TaggedResource(o.Name!, Type, o.Id!))];
    }

    /// <summary>Whether value_specs may change in place for this type.</summary>
    protected virtual bool UpdatesValueSpecs => true;

    protected async Task<JsonObject?> ShowAsync(ResourceApi api, string id, CancellationToken cancellationToken) =>
        (await api.FindAsync(ServiceTypes.Network, $"/{Collection}/{id}", cancellationToken).ConfigureAwait(false))?[Singular] as JsonObject;

    private async Task<JsonObject> AttributesAsync(HandlerContext context, JsonObject item, CancellationToken cancellationToken)
    {
        var attributes = (JsonObject)item.DeepClone();
        attributes["show"] = item.DeepClone();
        if (item["tags"] is JsonArray)
        {
            attributes["tags"] = Tags.UserTags(item["tags"]);
        }

        await AddAttributesAsync(context, item, attributes, cancellationToken).ConfigureAwait(false);
        return attributes;
    }

    private static void MergeValueSpecs(JsonObject body, Props props)
    {
        foreach (var (key, value) in props.Map("value_specs") ?? [])
        {
            body[key] = value?.DeepClone();
        }
    }

    /// <summary>Sets <paramref name="key"/> when the property is present (a copy of its value).</summary>
    protected static void Copy(JsonObject body, Props props, string property, string? key = null)
    {
        if (props.Has(property))
        {
            body[key ?? property] = props.Copy(property);
        }
    }

    /// <summary>The resource's name: the name property, else "stack-logical" as Heat names physical resources.</summary>
    protected static string NameOf(ResourceSpec spec, Props props) => props.Str("name") ?? $"{spec.Stack}-{spec.LogicalName}";
}
