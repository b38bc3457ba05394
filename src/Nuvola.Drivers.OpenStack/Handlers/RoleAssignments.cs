using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>One role of a user or group on a project or domain (ids), as Keystone's PUT /projects/{p}/users/{u}/roles/{r}.</summary>
internal sealed record RoleGrant(string Role, string Scope, string ScopeId)
{
    public string Path(string actors, string actorId) => $"/{Scope}s/{ScopeId}/{actors}/{actorId}/roles/{Role}";

    public override string ToString() => $"{Role}@{Scope}:{ScopeId}";

    public static RoleGrant Parse(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var colon = text.IndexOf(':', at + 1);
        return new RoleGrant(text[..at], text[(at + 1)..colon], text[(colon + 1)..]);
    }

    /// <summary>The grants of a HOT roles list (role, project or domain, by name or id).</summary>
    public static async Task<List<RoleGrant>> FromAsync(HandlerContext context, JsonArray? roles, string subject, CancellationToken cancellationToken)
    {
        var grants = new List<RoleGrant>();
        foreach (var entry in roles?.OfType<JsonObject>().Select(r => new Props(r)) ?? [])
        {
            var role = await context.Names.IdAsync("role", entry.Str("role") ?? throw Failures.Invalid(subject, "each roles entry needs a role"),
                subject, cancellationToken).ConfigureAwait(false);
            grants.Add(entry.Str("project") is { } project
                ? new RoleGrant(role, "project", await context.Names.IdAsync("project", project, subject, cancellationToken).ConfigureAwait(false))
                : entry.Str("domain") is { } domain
                    ? new RoleGrant(role, "domain", await context.Names.IdAsync("domain", domain, subject, cancellationToken).ConfigureAwait(false))
                    : throw Failures.Invalid(subject, "each roles entry needs a project or a domain"));
        }

        return grants;
    }

    /// <summary>Makes the actor's grants go from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static async Task SyncAsync(ResourceApi api, string actors, string actorId, IEnumerable<RoleGrant> before, IEnumerable<RoleGrant> after,
        CancellationToken cancellationToken)
    {
        var old = before.ToHashSet();
        var wanted = after.ToHashSet();
        foreach (var grant in old.Except(wanted))
        {
            await api.DeleteAsync(ServiceTypes.Identity, grant.Path(actors, actorId), cancellationToken).ConfigureAwait(false);
        }

        foreach (var grant in wanted.Except(old))
        {
            await api.PutAsync(ServiceTypes.Identity, grant.Path(actors, actorId), null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the grant exists (HEAD-like GET: 204 or 404).</summary>
    public async Task<bool> ExistsAsync(ResourceApi api, string actors, string actorId, CancellationToken cancellationToken) =>
        await api.FindAsync(ServiceTypes.Identity, Path(actors, actorId), cancellationToken).ConfigureAwait(false) is not null;
}
