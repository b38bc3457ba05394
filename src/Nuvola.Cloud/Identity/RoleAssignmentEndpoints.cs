using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>
/// Grants: PUT/HEAD/GET/DELETE /v3/{projects|domains}/{target}/{users|groups}/{actor}/roles/{role}, the list of an
/// actor's roles on a target, and GET /v3/role_assignments. Admins only.
/// </summary>
public static partial class RoleAssignmentEndpoints
{
    public static void MapRoleAssignments(this IEndpointRouteBuilder routes)
    {
        var v3 = routes.MapGroup("/identity/v3");
        foreach (var target in new[] { "projects", "domains" })
        {
            foreach (var actor in new[] { "users", "groups" })
            {
                var route = $"/{target}/{{targetId}}/{actor}/{{actorId}}/roles";
                v3.MapGet(route, (HttpContext context, IdentityStore identity, string targetId, string actorId) => ListGrants(context, identity, Grant(identity, target, targetId, actor, actorId, null)));
                v3.MapPut(route + "/{roleId}", (HttpContext context, IdentityStore identity, string targetId, string actorId, string roleId) => Create(context, identity, Grant(identity, target, targetId, actor, actorId, roleId)));
                v3.MapMethods(route + "/{roleId}", ["GET", "HEAD"], (HttpContext context, IdentityStore identity, string targetId, string actorId, string roleId) => Check(context, identity, Grant(identity, target, targetId, actor, actorId, roleId)));
                v3.MapDelete(route + "/{roleId}", (HttpContext context, IdentityStore identity, string targetId, string actorId, string roleId) => Delete(context, identity, Grant(identity, target, targetId, actor, actorId, roleId)));
            }
        }

        v3.MapGet("/role_assignments", List);
    }

    /// <summary>The assignment a grant URL names, after checking that its target, actor and role exist.</summary>
    private static RoleAssignmentRecord Grant(IdentityStore identity, string target, string targetId, string actor, string actorId, string? roleId)
    {
        if (target == "projects")
        {
            ProjectEndpoints.Find(identity, targetId);
        }
        else
        {
            DomainEndpoints.Find(identity, targetId);
        }

        if (actor == "users")
        {
            UserEndpoints.Find(identity, actorId);
        }
        else
        {
            GroupEndpoints.Find(identity, actorId);
        }

        if (roleId is not null)
        {
            RoleEndpoints.Find(identity, roleId);
        }

        return new RoleAssignmentRecord(
            roleId ?? string.Empty,
            actor == "users" ? actorId : null,
            actor == "groups" ? actorId : null,
            target == "projects" ? targetId : null,
            target == "domains" ? targetId : null);
    }

    private static IResult ListGrants(HttpContext context, IdentityStore identity, RoleAssignmentRecord grant)
    {
        IdentityPolicy.Admin(context, "list_grants");
        var roles = identity.Assignments.Values
            .Where(a => a.UserId == grant.UserId && a.GroupId == grant.GroupId && a.ProjectId == grant.ProjectId && a.DomainId == grant.DomainId && !a.Inherited)
            .Select(a => identity.Roles.Find(a.RoleId))
            .OfType<RoleRecord>()
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => RoleEndpoints.ToJson(r, context));
        return Results.Json(IdentityJson.Collection(context, "roles", roles));
    }

    private static IResult Create(HttpContext context, IdentityStore identity, RoleAssignmentRecord grant)
    {
        IdentityPolicy.Admin(context, "create_grant");
        identity.Assignments.Put(grant.Id, grant);
        identity.Changed();
        return Results.NoContent();
    }

    private static IResult Check(HttpContext context, IdentityStore identity, RoleAssignmentRecord grant)
    {
        IdentityPolicy.Admin(context, "check_grant");
        return identity.Assignments.Contains(grant.Id) ? Results.NoContent() : throw NotFound(grant);
    }

    private static IResult Delete(HttpContext context, IdentityStore identity, RoleAssignmentRecord grant)
    {
        IdentityPolicy.Admin(context, "revoke_grant");
        if (!identity.Assignments.Remove(grant.Id))
        {
            throw NotFound(grant);
        }

        identity.Changed();
        return Results.NoContent();
    }

    private static ApiException NotFound(RoleAssignmentRecord grant) =>
        ApiException.NotFound($"Could not find role assignment with role: {grant.RoleId}, user or group: {grant.UserId ?? grant.GroupId}, project, domain, or system: {grant.ProjectId ?? grant.DomainId}.");
}
