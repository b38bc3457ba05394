using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// A Keystone object at /v3/{collection}: POST to create, PATCH to update, DELETE (404 = gone). Projects carry the
/// engine's tags (Keystone project tags); users and roles have none, so FindTaggedAsync reports none of them.
/// </summary>
internal abstract class KeystoneHandler : IResourceHandler
{
    public abstract string Type { get; }

    protected abstract string Collection { get; }

    protected abstract string Singular { get; }

    protected abstract Task<JsonObject> BodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject, bool create,
        CancellationToken cancellationToken);

    protected virtual Task AfterAsync(HandlerContext context, ResourceSpec spec, Props props, Props? old, string id, ResourceApi api,
        CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual string[] RoundTrip => ["name", "description", "enabled"];

    public async Task<ResourceSnapshot> CreateAsync(HandlerContext context, ResourceSpec spec, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var body = await BodyAsync(context, spec, props, api.Subject, true, cancellationToken).ConfigureAwait(false);
        var created = await api.PostAsync(ServiceTypes.Identity, "/" + Collection, new JsonObject { [Singular] = body }, cancellationToken)
            .ConfigureAwait(false);
        var id = (string?)created[Singular]?["id"] ?? throw Failures.Invalid(api.Subject, $"the answer to POST /{Collection} has no id");
        return await Failures.AfterCreateAsync(id, async () =>
        {
            await AfterAsync(context, spec, props, null, id, api, cancellationToken).ConfigureAwait(false);
            return Snapshots.Applied(id, Attributes(await ShowAsync(api, id, cancellationToken).ConfigureAwait(false) ?? []), spec);
        }).ConfigureAwait(false);
    }

    public async Task<ResourceSnapshot> UpdateAsync(HandlerContext context, ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var body = await BodyAsync(context, spec, props, api.Subject, false, cancellationToken).ConfigureAwait(false);
        await context.Session.SendAsync(ServiceTypes.Identity, HttpMethod.Patch, $"/{Collection}/{current.PhysicalId}",
            new JsonObject { [Singular] = body }, api.Subject, cancellationToken: cancellationToken).ConfigureAwait(false);
        await AfterAsync(context, spec, props, Props.Of(current.Properties), current.PhysicalId, api, cancellationToken).ConfigureAwait(false);
        return Snapshots.Applied(current.PhysicalId, Attributes(await ShowAsync(api, current.PhysicalId, cancellationToken).ConfigureAwait(false)
            ?? throw new OpenStackApiException(api.Subject, "update", 404, $"{Singular} {current.PhysicalId} is gone", false)), spec);
    }

    public async Task DeleteAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken) =>
        await context.Api(Type, physicalId).DeleteAsync(ServiceTypes.Identity, $"/{Collection}/{physicalId}", cancellationToken)
            .ConfigureAwait(false);

    public async Task<ResourceSnapshot?> ReadAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var item = await ShowAsync(context.Api(Type, physicalId), physicalId, cancellationToken).ConfigureAwait(false);
        return item is null ? null : Snapshots.Of(physicalId, Attributes(item), Snapshots.Pick(item, RoundTrip));
    }

    public virtual Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TaggedResource>>([]);

    protected async Task<JsonObject?> ShowAsync(ResourceApi api, string id, CancellationToken cancellationToken) =>
        (await api.FindAsync(ServiceTypes.Identity, $"/{Collection}/{id}", cancellationToken).ConfigureAwait(false))?[Singular] as JsonObject;

    protected static JsonObject Attributes(JsonObject item)
    {
        var attributes = (JsonObject)item.DeepClone();
        attributes["show"] = item.DeepClone();
        if (item["tags"] is JsonArray)
        {
            attributes["tags"] = Tags.UserTags(item["tags"]);
        }

        return attributes;
    }

    protected static void Copy(JsonObject body, Props props, string name)
    {
        if (props.Has(name))
        {
            body[name] = props.Copy(name);
        }
    }
}

/// <summary>OS::Keystone::Project → /v3/projects (domain and parent by name or id; tags).</summary>
internal sealed class ProjectHandler : KeystoneHandler
{
    public override string Type => "OS::Keystone::Project";

    protected override string Collection => "projects";

    protected override string Singular => "project";

    protected override async Task<JsonObject> BodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject, bool create,
        CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["name"] = props.Str("name") ?? $"{spec.Stack}-{spec.LogicalName}", ["tags"] = Tags.With(spec, props.Strings("tags")) };
        Copy(body, props, "description");
        Copy(body, props, "enabled");
        if (create)
        {
            body["domain_id"] = await context.Names.IdAsync("domain", props.Str("domain") ?? "default", subject, cancellationToken).ConfigureAwait(false);
            if (props.Str("parent") is { } parent)
            {
                body["parent_id"] = await context.Names.IdAsync("project", parent, subject, cancellationToken).ConfigureAwait(false);
            }
        }

        return body;
    }

    public override async Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken)
    {
        var list = await context.Api(Type).GetAsync(ServiceTypes.Identity, $"/projects?tags={Uri.EscapeDataString(Tags.StackTag(stack))}",
            cancellationToken).ConfigureAwait(false);
        return [.. (list["projects"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(p => Tags.LogicalName(p["tags"]) is not null)
            .Select(p => new TaggedResource(Tags.LogicalName(p["tags"])!, Type, (string)p["id"]!))];
    }
}

/// <summary>OS::Keystone::Role → /v3/roles (a global role unless a domain other than "default" is given).</summary>
internal sealed class RoleHandler : KeystoneHandler
{
    public override string Type => "OS::Keystone::Role";

    protected override string Collection => "roles";

    protected override string Singular => "role";

    protected override string[] RoundTrip => ["name"];

    protected override async Task<JsonObject> BodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject, bool create,
        CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["name"] = props.Str("name") ?? $"{spec.Stack}-{spec.LogicalName}" };
        if (create && props.Str("domain") is { } domain && domain != "default")
        {
            body["domain_id"] = await context.Names.IdAsync("domain", domain, subject, cancellationToken).ConfigureAwait(false);
        }

        return body;
    }
}

/// <summary>OS::Keystone::User → /v3/users with its groups and role grants.</summary>
internal sealed class UserHandler : KeystoneHandler
{
    public override string Type => "OS::Keystone::User";

    protected override string Collection => "users";

    protected override string Singular => "user";

    protected override string[] RoundTrip => ["name", "description", "enabled", "email"];

    protected override async Task<JsonObject> BodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject, bool create,
        CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["name"] = props.Str("name") ?? $"{spec.Stack}-{spec.LogicalName}" };
        Copy(body, props, "description");
        Copy(body, props, "enabled");
        Copy(body, props, "email");
        Copy(body, props, "password");
        if (props.Str("default_project") is { } project)
        {
            body["default_project_id"] = await context.Names.IdAsync("project", project, subject, cancellationToken).ConfigureAwait(false);
        }

        if (create || props.Has("domain"))
        {
            body["domain_id"] = await context.Names.IdAsync("domain", props.Str("domain") ?? "default", subject, cancellationToken).ConfigureAwait(false);
        }

        return body;
    }

    protected override async Task AfterAsync(HandlerContext context, ResourceSpec spec, Props props, Props? old, string id, ResourceApi api,
        CancellationToken cancellationToken)
    {
        var groups = await GroupIdsAsync(context, props, api.Subject, cancellationToken).ConfigureAwait(false);
        var oldGroups = old is null ? [] : await GroupIdsAsync(context, old, api.Subject, cancellationToken).ConfigureAwait(false);
        foreach (var group in oldGroups.Except(groups))
        {
            await api.DeleteAsync(ServiceTypes.Identity, $"/groups/{group}/users/{id}", cancellationToken).ConfigureAwait(false);
        }

        foreach (var group in groups.Except(oldGroups))
        {
            await api.PutAsync(ServiceTypes.Identity, $"/groups/{group}/users/{id}", null, cancellationToken).ConfigureAwait(false);
        }

        var grants = await RoleGrant.FromAsync(context, props.List("roles"), api.Subject, cancellationToken).ConfigureAwait(false);
        var oldGrants = old is null ? [] : await RoleGrant.FromAsync(context, old.List("roles"), api.Subject, cancellationToken).ConfigureAwait(false);
        await RoleGrant.SyncAsync(api, "users", id, oldGrants, grants, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<HashSet<string>> GroupIdsAsync(HandlerContext context, Props props, string subject, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in props.Strings("groups"))
        {
            ids.Add(await context.Names.IdAsync("group", group, subject, cancellationToken).ConfigureAwait(false));
        }

        return ids;
    }
}
