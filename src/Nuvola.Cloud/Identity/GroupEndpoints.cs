using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>/v3/groups and their members (admins only). A group's role assignments reach its members.</summary>
public static class GroupEndpoints
{
    public static void MapGroups(this IEndpointRouteBuilder routes)
    {
        var groups = routes.MapGroup("/identity/v3/groups");
        groups.MapGet("/", List);
        groups.MapPost("/", CreateAsync);
        groups.MapGet("/{groupId}", Show);
        groups.MapPatch("/{groupId}", UpdateAsync);
        groups.MapDelete("/{groupId}", Delete);
        groups.MapGet("/{groupId}/users", Members);
        groups.MapPut("/{groupId}/users/{userId}", AddMember);
        groups.MapMethods("/{groupId}/users/{userId}", ["GET", "HEAD"], CheckMember);
        groups.MapDelete("/{groupId}/users/{userId}", RemoveMember);
    }

    private static IResult List(HttpContext context, IdentityStore identity)
    {
        IdentityPolicy.Admin(context, "list_groups");
        var name = IdentityRequest.Query(context, "name");
        var domainId = IdentityRequest.Query(context, "domain_id");
        var items = identity.Groups.Values
            .Where(g => (name is null || g.Name == name) && (domainId is null || g.DomainId == domainId))
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .Select(g => ToJson(g, context));
        return Results.Json(IdentityJson.Collection(context, "groups", items));
    }

    private static IResult Show(HttpContext context, IdentityStore identity, string groupId)
    {
        IdentityPolicy.Admin(context, "get_group");
        return Results.Json(new JsonObject { ["group"] = ToJson(Find(identity, groupId), context) });
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IdentityStore identity, CancellationToken cancellationToken)
    {
        var auth = IdentityPolicy.Admin(context, "create_group");
        var body = await IdentityRequest.ReadAsync(context.Request, "group", cancellationToken);
        var domainId = IdentityRequest.String(body, "domain_id", 64) ?? auth.DomainId ?? auth.ProjectDomainId ?? IdentityStore.DefaultDomainId;
        DomainEndpoints.Find(identity, domainId);
        var group = new GroupRecord(IdentityModule.NewId(), IdentityRequest.RequiredString(body, "name", 64), domainId, IdentityRequest.String(body, "description", 65535), []);
        lock (identity.Groups.Sync)
        {
            EnsureUniqueName(identity, group);
            identity.Groups.Put(group.Id, group);
        }

        return Results.Json(new JsonObject { ["group"] = ToJson(group, context) }, statusCode: 201);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, IdentityStore identity, string groupId, CancellationToken cancellationToken)
    {
        IdentityPolicy.Admin(context, "update_group");
        var body = await IdentityRequest.ReadAsync(context.Request, "group", cancellationToken);
        GroupRecord updated;
        lock (identity.Groups.Sync)
        {
            var group = Find(identity, groupId);
            updated = group with
            {
                Name = body.ContainsKey("name") ? IdentityRequest.RequiredString(body, "name", 64) : group.Name,
                Description = body.ContainsKey("description") ? IdentityRequest.String(body, "description", 65535) : group.Description,
            };
            EnsureUniqueName(identity, updated);
            identity.Groups.Put(groupId, updated);
        }

        return Results.Json(new JsonObject { ["group"] = ToJson(updated, context) });
    }

    private static IResult Delete(HttpContext context, IdentityStore identity, string groupId)
    {
        IdentityPolicy.Admin(context, "delete_group");
        Find(identity, groupId);
        foreach (var assignment in identity.Assignments.Values.Where(a => a.GroupId == groupId).ToList())
        {
            identity.Assignments.Remove(assignment.Id);
        }

        identity.Groups.Remove(groupId);
        identity.Changed();
        return Results.NoContent();
    }

    private static IResult Members(HttpContext context, IdentityStore identity, string groupId)
    {
        IdentityPolicy.Admin(context, "list_users_in_group");
        var users = (Find(identity, groupId).UserIds ?? [])
            .Select(identity.Users.Find)
            .OfType<UserRecord>()
            .OrderBy(u => u.Name, StringComparer.Ordinal)
            .Select(u => UserEndpoints.ToJson(u, context));
        return Results.Json(IdentityJson.Collection(context, "users", users));
    }

    private static IResult AddMember(HttpContext context, IdentityStore identity, string groupId, string userId)
    {
        IdentityPolicy.Admin(context, "add_user_to_group");
        UserEndpoints.Find(identity, userId);
        ChangeMembers(identity, groupId, members => members.Contains(userId) ? members : [.. members, userId]);
        return Results.NoContent();
    }

    private static IResult CheckMember(HttpContext context, IdentityStore identity, string groupId, string userId)
    {
        IdentityPolicy.Admin(context, "check_user_in_group");
        UserEndpoints.Find(identity, userId);
        return Find(identity, groupId).UserIds?.Contains(userId) == true
            ? Results.NoContent()
            : throw ApiException.NotFound($"User {userId} is not a member of group {groupId}.");
    }

    private static IResult RemoveMember(HttpContext context, IdentityStore identity, string groupId, string userId)
    {
        IdentityPolicy.Admin(context, "remove_user_from_group");
        UserEndpoints.Find(identity, userId);
        if (Find(identity, groupId).UserIds?.Contains(userId) != true)
        {
            throw ApiException.NotFound($"User {userId} is not a member of group {groupId}.");
        }

        ChangeMembers(identity, groupId, members => members.Where(u => u != userId).ToList());
        return Results.NoContent();
    }

    private static void ChangeMembers(IdentityStore identity, string groupId, Func<IReadOnlyList<string>, IReadOnlyList<string>> change)
    {
        lock (identity.Groups.Sync)
        {
            var group = Find(identity, groupId);
            identity.Groups.Put(groupId, group with { UserIds = change(group.UserIds ?? []) });
        }

        identity.Changed();
    }

    internal static GroupRecord Find(IdentityStore identity, string groupId) =>
        identity.Groups.Find(groupId) ?? throw ApiException.NotFound($"Could not find group: {groupId}.");

    private static void EnsureUniqueName(IdentityStore identity, GroupRecord group)
    {
        if (identity.Groups.Values.Any(g => g.Id != group.Id && g.DomainId == group.DomainId && string.Equals(g.Name, group.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw IdentityRequest.Duplicate("group", $"name {group.Name}");
        }
    }

    public static JsonObject ToJson(GroupRecord group, HttpContext context) => new()
    {
        ["id"] = group.Id,
        ["name"] = group.Name,
        ["domain_id"] = group.DomainId,
        ["description"] = group.Description ?? string.Empty,
        ["links"] = IdentityJson.Links(context, "groups/" + group.Id),
    };
}
