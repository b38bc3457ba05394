using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>/v3/users: admins manage users; a user may read itself, list its projects and groups, change its password.</summary>
public static partial class UserEndpoints
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "id", "name", "domain_id", "password", "enabled", "default_project_id", "description", "options", "links", "password_expires_at", "federated",
    };

    public static void MapUsers(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/identity/v3/users");
        users.MapGet("/", List);
        users.MapPost("/", CreateAsync);
        users.MapGet("/{userId}", Show);
        users.MapPatch("/{userId}", UpdateAsync);
        users.MapDelete("/{userId}", Delete);
        users.MapGet("/{userId}/projects", Projects);
        users.MapGet("/{userId}/groups", Groups);
        users.MapPost("/{userId}/password", ChangePasswordAsync);
    }

    private static IResult List(HttpContext context, IdentityStore identity)
    {
        IdentityPolicy.Admin(context, "list_users");
        var name = IdentityRequest.Query(context, "name");
        var domainId = IdentityRequest.Query(context, "domain_id");
        var enabled = IdentityRequest.QueryBool(context, "enabled");
        var items = identity.Users.Values
            .Where(u => (name is null || u.Name == name) && (domainId is null || u.DomainId == domainId) && (enabled is null || u.Enabled == enabled))
            .OrderBy(u => u.Name, StringComparer.Ordinal)
            .Select(u => ToJson(u, context));
        return Results.Json(IdentityJson.Collection(context, "users", items));
    }

    private static IResult Show(HttpContext context, IdentityStore identity, string userId)
    {
        IdentityPolicy.SelfOrAdmin(context, userId, "get_user");
        return Results.Json(new JsonObject { ["user"] = ToJson(Find(identity, userId), context) });
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IdentityStore identity, UserPasswords passwords, TimeProvider time, CancellationToken cancellationToken)
    {
        var auth = IdentityPolicy.Admin(context, "create_user");
        var body = await IdentityRequest.ReadAsync(context.Request, "user", cancellationToken);
        var name = IdentityRequest.RequiredString(body, "name");
        var domainId = IdentityRequest.String(body, "domain_id", 64) ?? auth.DomainId ?? auth.ProjectDomainId ?? IdentityStore.DefaultDomainId;
        if (identity.Domains.Find(domainId) is null)
        {
            throw ApiException.NotFound($"Could not find domain: {domainId}.");
        }

        var defaultProject = IdentityRequest.String(body, "default_project_id", 64);
        if (defaultProject is not null && identity.Projects.Find(defaultProject) is null)
        {
            throw ApiException.NotFound($"Could not find project: {defaultProject}.");
        }

        var user = new UserRecord(
            IdentityModule.NewId(),
            name,
            domainId,
            null,
            IdentityRequest.Bool(body, "enabled") ?? true,
            time.GetUtcNow(),
            defaultProject,
            IdentityRequest.String(body, "description", 65535),
            IdentityRequest.String(body, "email"),
            Extra: Extra(body, null));
        if (IdentityRequest.String(body, "password", 4096) is { } password)
        {
            user = passwords.Set(user, password, checkHistory: false);
        }

        lock (identity.Users.Sync)
        {
            EnsureUniqueName(identity, user);
            identity.Users.Put(user.Id, user);
        }

        return Results.Json(new JsonObject { ["user"] = ToJson(user, context) }, statusCode: 201);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, IdentityStore identity, UserPasswords passwords, TokenService tokens, string userId, CancellationToken cancellationToken)
    {
        IdentityPolicy.Admin(context, "update_user");
        var body = await IdentityRequest.ReadAsync(context.Request, "user", cancellationToken);
        var password = IdentityRequest.String(body, "password", 4096);
        var updated = Find(identity, userId);
        if (body["domain_id"] is { } domain && domain.ToString() != updated.DomainId)
        {
            throw ApiException.BadRequest("Update of `domain_id` is not allowed.");
        }

        if (password is not null)
        {
            updated = passwords.Set(updated, password, checkHistory: false);
        }

        lock (identity.Users.Sync)
        {
            var user = Find(identity, userId);
            updated = updated with
            {
                Name = body.ContainsKey("name") ? IdentityRequest.RequiredString(body, "name") : user.Name,
                Enabled = IdentityRequest.Bool(body, "enabled") ?? user.Enabled,
                DefaultProjectId = body.ContainsKey("default_project_id") ? IdentityRequest.String(body, "default_project_id", 64) : user.DefaultProjectId,
                Description = body.ContainsKey("description") ? IdentityRequest.String(body, "description", 65535) : user.Description,
                Email = body.ContainsKey("email") ? IdentityRequest.String(body, "email") : user.Email,
                Extra = Extra(body, user.Extra),
            };
            EnsureUniqueName(identity, updated);
            identity.Users.Put(userId, updated);
        }

        if (password is not null || !updated.Enabled)
        {
            tokens.RevokeUser(userId);
        }

        identity.Changed();
        return Results.Json(new JsonObject { ["user"] = ToJson(updated, context) });
    }

    private static IResult Delete(HttpContext context, IdentityStore identity, TokenService tokens, string userId)
    {
        IdentityPolicy.Admin(context, "delete_user");
        Find(identity, userId);
        Remove(identity, tokens, userId);
        return Results.NoContent();
    }

    /// <summary>Removes a user with its tokens, role assignments, group memberships and application credentials.</summary>
    internal static void Remove(IdentityStore identity, TokenService tokens, string userId)
    {
        identity.Users.Remove(userId);
        tokens.RevokeUser(userId);
        foreach (var assignment in identity.Assignments.Values.Where(a => a.UserId == userId).ToList())
        {
            identity.Assignments.Remove(assignment.Id);
        }

        foreach (var credential in identity.ApplicationCredentials.Values.Where(c => c.UserId == userId).ToList())
        {
            identity.ApplicationCredentials.Remove(credential.Id);
        }

        lock (identity.Groups.Sync)
        {
            foreach (var group in identity.Groups.Values.Where(g => g.UserIds?.Contains(userId) == true).ToList())
            {
                identity.Groups.Put(group.Id, group with { UserIds = group.UserIds!.Where(u => u != userId).ToList() });
            }
        }

        identity.Changed();
    }

    internal static UserRecord Find(IdentityStore identity, string userId) =>
        identity.Users.Find(userId) ?? throw ApiException.NotFound($"Could not find user: {userId}.");

    private static void EnsureUniqueName(IdentityStore identity, UserRecord user)
    {
        if (identity.Users.Values.Any(u => u.Id != user.Id && u.DomainId == user.DomainId && string.Equals(u.Name, user.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw IdentityRequest.Duplicate("user", $"name {user.Name} at domain ID {user.DomainId}");
        }
    }

    private static Dictionary<string, string>? Extra(JsonObject body, IReadOnlyDictionary<string, string>? existing)
    {
        var extra = new Dictionary<string, string>(existing ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in body)
        {
            if (!Fields.Contains(key) && key != "email" && value is JsonValue scalar && scalar.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                extra[key] = scalar.GetValue<string>();
            }
        }

        return extra.Count == 0 ? null : extra;
    }

    public static JsonObject ToJson(UserRecord user, HttpContext context)
    {
        var json = new JsonObject
        {
            ["id"] = user.Id,
            ["name"] = user.Name,
            ["domain_id"] = user.DomainId,
            ["enabled"] = user.Enabled,
            ["password_expires_at"] = user.PasswordExpiresAt is { } expires ? IdentityJson.Time(expires) : null,
            ["options"] = new JsonObject(),
            ["links"] = IdentityJson.Links(context, "users/" + user.Id),
        };
        if (user.DefaultProjectId is not null)
        {
            json["default_project_id"] = user.DefaultProjectId;
        }

        if (user.Description is not null)
        {
            json["description"] = user.Description;
        }

        if (user.Email is not null)
        {
            json["email"] = user.Email;
        }

        foreach (var (key, value) in user.Extra ?? new Dictionary<string, string>())
        {
            json[key] = value;
        }

        return json;
    }
}
