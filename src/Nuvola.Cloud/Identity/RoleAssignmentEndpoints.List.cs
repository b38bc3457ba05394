using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Identity;

/// <summary>GET /v3/role_assignments: filters user.id, group.id, role.id, scope.project.id, scope.domain.id; effective; include_names.</summary>
public static partial class RoleAssignmentEndpoints
{
    private static IResult List(HttpContext context, IdentityStore identity)
    {
        IdentityPolicy.Admin(context, "list_role_assignments");
        var userId = IdentityRequest.Query(context, "user.id");
        var groupId = IdentityRequest.Query(context, "group.id");
        var roleId = IdentityRequest.Query(context, "role.id");
        var projectId = IdentityRequest.Query(context, "scope.project.id");
        var domainId = IdentityRequest.Query(context, "scope.domain.id");
        var effective = context.Request.Query.ContainsKey("effective");
        var names = IdentityRequest.QueryBool(context, "include_names") == true;
        var inherited = IdentityRequest.QueryBool(context, "scope.OS-INHERIT:inherited_to") is not null;

        var assignments = identity.Assignments.Values.Where(a => !inherited || a.Inherited);
        var expanded = effective ? Effective(identity, assignments) : assignments.Select(a => (Assignment: a, PriorRoleId: (string?)null, ViaGroup: (string?)null));
        var items = expanded
            .Where(e => (userId is null || e.Assignment.UserId == userId)
                && (groupId is null || e.Assignment.GroupId == groupId)
                && (roleId is null || e.Assignment.RoleId == roleId)
                && (projectId is null || e.Assignment.ProjectId == projectId)
                && (domainId is null || e.Assignment.DomainId == domainId))
            .Select(e => ToJson(identity, context, e.Assignment, e.PriorRoleId, e.ViaGroup, names))
            .ToList();
        return Results.Json(IdentityJson.Collection(context, "role_assignments", items));
    }

    /// <summary>What the assignments grant to users: group grants given to each member, inherited domain grants given on each project, implied roles added.</summary>
    private static IEnumerable<(RoleAssignmentRecord Assignment, string? PriorRoleId, string? ViaGroup)> Effective(IdentityStore identity, IEnumerable<RoleAssignmentRecord> assignments)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            var users = assignment.UserId is not null
                ? [assignment.UserId]
                : identity.Groups.Find(assignment.GroupId)?.UserIds ?? [];
            var scopes = assignment.Inherited && assignment.DomainId is not null
                ? identity.Projects.Values.Where(p => p.DomainId == assignment.DomainId).Select(p => (ProjectId: (string?)p.Id, DomainId: (string?)null)).ToList()
                : [(assignment.ProjectId, assignment.DomainId)];
            foreach (var user in users)
            {
                foreach (var (project, domain) in scopes)
                {
                    foreach (var role in identity.WithImplied([assignment.RoleId]))
                    {
                        var effective = new RoleAssignmentRecord(role.Id, user, null, project, domain);
                        if (seen.Add(effective.Id))
                        {
                            yield return (effective, role.Id == assignment.RoleId ? null : assignment.RoleId, assignment.GroupId);
                        }
                    }
                }
            }
        }
    }

    private static JsonObject ToJson(IdentityStore identity, HttpContext context, RoleAssignmentRecord assignment, string? priorRoleId, string? viaGroup, bool names)
    {
        var role = new JsonObject { ["id"] = assignment.RoleId };
        var json = new JsonObject { ["role"] = role };
        if (names && identity.Roles.Find(assignment.RoleId) is { } roleRecord)
        {
            role["name"] = roleRecord.Name;
            if (roleRecord.DomainId is not null)
            {
                role["domain"] = IdentityJson.DomainRef(identity, roleRecord.DomainId);
            }
        }

        if (assignment.UserId is not null)
        {
            var user = new JsonObject { ["id"] = assignment.UserId };
            if (names && identity.Users.Find(assignment.UserId) is { } userRecord)
            {
                user["name"] = userRecord.Name;
                user["domain"] = IdentityJson.DomainRef(identity, userRecord.DomainId);
            }

            json["user"] = user;
        }
        else
        {
            var group = new JsonObject { ["id"] = assignment.GroupId };
            if (names && identity.Groups.Find(assignment.GroupId) is { } groupRecord)
            {
                group["name"] = groupRecord.Name;
                group["domain"] = IdentityJson.DomainRef(identity, groupRecord.DomainId);
            }

            json["group"] = group;
        }

        var scope = new JsonObject();
        if (assignment.ProjectId is not null)
        {
            var project = new JsonObject { ["id"] = assignment.ProjectId };
            if (names && identity.Projects.Find(assignment.ProjectId) is { } projectRecord)
            {
                project["name"] = projectRecord.Name;
                project["domain"] = IdentityJson.DomainRef(identity, projectRecord.DomainId);
            }

            scope["project"] = project;
        }
        else
        {
            var domain = names ? IdentityJson.DomainRef(identity, assignment.DomainId!) : new JsonObject { ["id"] = assignment.DomainId };
            scope["domain"] = domain;
        }

        if (assignment.Inherited)
        {
            scope["OS-INHERIT:inherited_to"] = "projects";
        }

        json["scope"] = scope;
        var target = assignment.ProjectId is not null ? $"projects/{assignment.ProjectId}" : $"domains/{assignment.DomainId}";
        var actor = assignment.UserId is not null ? $"users/{assignment.UserId}" : $"groups/{assignment.GroupId}";
        var links = new JsonObject { ["assignment"] = IdentityJson.Links(context, $"{target}/{actor}/roles/{priorRoleId ?? assignment.RoleId}")["self"]!.ToString() };
        if (viaGroup is not null)
        {
            links["membership"] = IdentityJson.Links(context, $"groups/{viaGroup}/users/{assignment.UserId}")["self"]!.ToString();
        }

        if (priorRoleId is not null)
        {
            json["prior_role"] = new JsonObject { ["id"] = priorRoleId };
        }

        json["links"] = links;
        return json;
    }
}
