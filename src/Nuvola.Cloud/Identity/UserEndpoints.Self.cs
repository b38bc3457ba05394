using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>What a user may do about itself: list its projects and groups, change its own password.</summary>
public static partial class UserEndpoints
{
    private static IResult Projects(HttpContext context, IdentityStore identity, string userId)
    {
        IdentityPolicy.SelfOrAdmin(context, userId, "list_user_projects");
        Find(identity, userId);
        var name = IdentityRequest.Query(context, "name");
        var enabled = IdentityRequest.QueryBool(context, "enabled");
        var domainId = IdentityRequest.Query(context, "domain_id");
        var items = identity.ProjectIdsOf(userId)
            .Select(identity.Projects.Find)
            .OfType<ProjectRecord>()
            .Where(p => (name is null || p.Name == name) && (enabled is null || p.Enabled == enabled) && (domainId is null || p.DomainId == domainId))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => ProjectEndpoints.ToJson(p, context));
        return Results.Json(IdentityJson.Collection(context, "projects", items));
    }

    private static IResult Groups(HttpContext context, IdentityStore identity, string userId)
    {
        IdentityPolicy.SelfOrAdmin(context, userId, "list_groups_for_user");
        Find(identity, userId);
        var items = identity.GroupsOf(userId).OrderBy(g => g.Name, StringComparer.Ordinal).Select(g => GroupEndpoints.ToJson(g, context));
        return Results.Json(IdentityJson.Collection(context, "groups", items));
    }

    /// <summary>POST /v3/users/{id}/password: the user proves its current password; every token of the user is revoked.</summary>
    private static async Task<IResult> ChangePasswordAsync(HttpContext context, IdentityStore identity, UserPasswords passwords, TokenService tokens, string userId, CancellationToken cancellationToken)
    {
        IdentityPolicy.SelfOrAdmin(context, userId, "change_password");
        var body = await IdentityRequest.ReadAsync(context.Request, "user", cancellationToken);
        var original = IdentityRequest.String(body, "original_password", 4096) ?? throw IdentityRequest.Invalid("original_password", "'original_password' is a required property");
        var password = IdentityRequest.String(body, "password", 4096) ?? throw IdentityRequest.Invalid("password", "'password' is a required property");
        var user = Find(identity, userId);
        if (!user.Enabled || !PasswordHasher.Verify(original, user.PasswordHash))
        {
            throw ApiException.Unauthorized("The request you have made requires authentication.");
        }

        var updated = passwords.Set(user, password, checkHistory: true);
        lock (identity.Users.Sync)
        {
            if (Find(identity, userId).PasswordHash != user.PasswordHash)
            {
                throw ApiException.Conflict("The password was changed by another request; try again.");
            }

            identity.Users.Put(userId, updated);
        }

        tokens.RevokeUser(userId);
        identity.Changed();
        return Results.NoContent();
    }
}
