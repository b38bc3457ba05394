using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// OS::Keystone::UserRoleAssignment and GroupRoleAssignment: PUT /v3/{projects|domains}/{id}/{users|groups}/{id}/roles/{role}
/// for each entry of roles. The physical id lists the actor and its grants ("ACTOR|ROLE@project:ID|…") so that a
/// delete removes exactly those. Grants carry no tags; FindTaggedAsync reports none.
/// </summary>
internal sealed class RoleAssignmentHandler(string type, string actors, string actorProperty, string actorKind) : IResourceHandler
{
    public string Type => type;

    public async Task<ResourceSnapshot> CreateAsync(HandlerContext context, ResourceSpec spec, CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var actor = await context.Names.IdAsync(actorKind, props.Str(actorProperty) ?? throw Failures.Invalid(api.Subject, $"{actorProperty} is required"),
            api.Subject, cancellationToken).ConfigureAwait(false);
        var grants = await RoleGrant.FromAsync(context, props.List("roles"), api.Subject, cancellationToken).ConfigureAwait(false);
        await RoleGrant.SyncAsync(api, actors, actor, [], grants, cancellationToken).ConfigureAwait(false);
        var id = string.Join('|', [actor, .. grants.Select(g => g.ToString())]);
        return Snapshots.Applied(id, Attributes(actor, grants), spec);
    }

    public async Task<ResourceSnapshot> UpdateAsync(HandlerContext context, ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken)
    {
        var api = context.Api(Type, spec.LogicalName);
        var props = Props.Of(spec.Properties);
        var (oldActor, oldGrants) = Parse(current.PhysicalId);
        var actor = await context.Names.IdAsync(actorKind, props.Str(actorProperty) ?? throw Failures.Invalid(api.Subject, $"{actorProperty} is required"),
            api.Subject, cancellationToken).ConfigureAwait(false);
        var grants = await RoleGrant.FromAsync(context, props.List("roles"), api.Subject, cancellationToken).ConfigureAwait(false);
        if (actor != oldActor)
        {
            await RoleGrant.SyncAsync(api, actors, oldActor, oldGrants, [], cancellationToken).ConfigureAwait(false);
            oldGrants = [];
        }

        await RoleGrant.SyncAsync(api, actors, actor, oldGrants, grants, cancellationToken).ConfigureAwait(false);
        return Snapshots.Applied(string.Join('|', [actor, .. grants.Select(g => g.ToString())]), Attributes(actor, grants), spec);
    }

    public async Task DeleteAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var (actor, grants) = Parse(physicalId);
        await RoleGrant.SyncAsync(context.Api(Type, physicalId), actors, actor, grants, [], cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceSnapshot?> ReadAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken)
    {
        var (actor, grants) = Parse(physicalId);
        var api = context.Api(Type, physicalId);
        var present = new List<RoleGrant>();
        foreach (var grant in grants)
        {
            if (await grant.ExistsAsync(api, actors, actor, cancellationToken).ConfigureAwait(false))
            {
                present.Add(grant);
            }
        }

        return present.Count == 0 && grants.Count > 0 ? null : Snapshots.Of(physicalId, Attributes(actor, present), []);
    }

    public Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TaggedResource>>([]);

    private static (string Actor, List<RoleGrant> Grants) Parse(string physicalId)
    {
        var parts = physicalId.Split('|');
        return (parts[0], [.. parts.Skip(1).Select(RoleGrant.Parse)]);
    }

    private JsonObject Attributes(string actor, IEnumerable<RoleGrant> grants) => new()
    {
        [actorProperty] = actor,
        ["roles"] = new JsonArray([.. grants.Select(g => (JsonNode)new JsonObject { ["role"] = g.Role, [g.Scope] = g.ScopeId })]),
    };
}
