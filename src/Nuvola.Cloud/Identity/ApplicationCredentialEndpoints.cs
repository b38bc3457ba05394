using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>
/// /v3/users/{id}/application_credentials: a user creates credentials for the project its token is scoped to;
/// the secret is answered once and kept only as a slow hash. The owner or an admin may list, show and delete them.
/// </summary>
public static class ApplicationCredentialEndpoints
{
    public static void MapApplicationCredentials(this IEndpointRouteBuilder routes)
    {
        var credentials = routes.MapGroup("/identity/v3/users/{userId}/application_credentials");
        credentials.MapGet("/", List);
        credentials.MapPost("/", CreateAsync);
        credentials.MapGet("/{credentialId}", Show);
        credentials.MapDelete("/{credentialId}", Delete);
    }

    private static IResult List(HttpContext context, IdentityStore identity, string userId)
    {
        IdentityPolicy.SelfOrAdmin(context, userId, "list_application_credentials");
        UserEndpoints.Find(identity, userId);
        var name = IdentityRequest.Query(context, "name");
        var items = identity.ApplicationCredentials.Values
            .Where(c => c.UserId == userId && (name is null || c.Name == name))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => ToJson(identity, c, context));
        return Results.Json(IdentityJson.Collection(context, "application_credentials", items));
    }

    private static IResult Show(HttpContext context, IdentityStore identity, string userId, string credentialId)
    {
        IdentityPolicy.SelfOrAdmin(context, userId, "get_application_credential");
        return Results.Json(new JsonObject { ["application_credential"] = ToJson(identity, Find(identity, userId, credentialId), context) });
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IdentityStore identity, PasswordHasher hasher, TimeProvider time, string userId, CancellationToken cancellationToken)
    {
        var auth = context.Auth();
        if (auth.UserId != userId)
        {
            throw IdentityPolicy.Denied("create_application_credential");
        }

        if (auth.Restricted)
        {
            throw ApiException.Forbidden("Using method 'application_credential' is not allowed for managing additional application credentials.");
        }

        var projectId = auth.ProjectId ?? throw ApiException.Forbidden("Application credentials can only be created with a project-scoped token.");
        var body = await IdentityRequest.ReadAsync(context.Request, "application_credential", cancellationToken);
        var name = IdentityRequest.RequiredString(body, "name");
        if (body["access_rules"] is JsonArray { Count: > 0 })
        {
            throw IdentityRequest.Invalid("access_rules", "access rules are not supported by this cloud");
        }

        var now = time.GetUtcNow();
        var expiresAt = ExpiresAt(IdentityRequest.String(body, "expires_at"));
        if (expiresAt <= now)
        {
            throw IdentityRequest.Invalid("expires_at", "the expiration time must be in the future");
        }

        var secret = IdentityRequest.String(body, "secret", 4096) ?? NewSecret();
        var credential = new ApplicationCredentialRecord(
            IdentityModule.NewId(),
            name,
            userId,
            projectId,
            hasher.Hash(secret),
            Roles(identity, body, userId, projectId),
            IdentityRequest.Bool(body, "unrestricted") ?? false,
            now,
            IdentityRequest.String(body, "description", 65535),
            expiresAt);
        lock (identity.ApplicationCredentials.Sync)
        {
            if (identity.ApplicationCredentials.Values.Any(c => c.UserId == userId && c.Name == name))
            {
                throw ApiException.Conflict("Conflict occurred attempting to store application_credential - Duplicate entry.");
            }

            identity.ApplicationCredentials.Put(credential.Id, credential);
        }

        var json = ToJson(identity, credential, context);
        json["secret"] = secret;
        return Results.Json(new JsonObject { ["application_credential"] = json }, statusCode: 201);
    }

    private static IResult Delete(HttpContext context, IdentityStore identity, TokenService tokens, string userId, string credentialId)
    {
        var auth = IdentityPolicy.SelfOrAdmin(context, userId, "delete_application_credential");
        if (auth.Restricted)
        {
            throw ApiException.Forbidden("Using method 'application_credential' is not allowed for managing additional application credentials.");
        }

        Find(identity, userId, credentialId);
        identity.ApplicationCredentials.Remove(credentialId);
        tokens.RevokeApplicationCredential(credentialId);
        identity.Changed();
        return Results.NoContent();
    }

    /// <summary>The requested roles (by id or name), each one the user holds on the project; by default all of them.</summary>
    private static List<string> Roles(IdentityStore identity, JsonObject body, string userId, string projectId)
    {
        var held = identity.EffectiveRoles(userId, projectId, null);
        if (body["roles"] is not JsonArray requested || requested.Count == 0)
        {
            return held.Select(r => r.Id).ToList();
        }

        var ids = new List<string>();
        foreach (var item in requested)
        {
            if (item is not JsonObject)
            {
                throw IdentityRequest.Invalid("roles", $"{item?.ToJsonString() ?? "None"} is not of type 'object'");
            }

            var id = item?["id"]?.ToString();
            var name = item?["name"]?.ToString();
            var role = held.FirstOrDefault(r => r.Id == id || (id is null && r.Name == name))
                ?? throw ApiException.NotFound($"Could not find role assignment with role: {id ?? name}, user or group: {userId}, project, domain, or system: {projectId}.");
            ids.Add(role.Id);
        }

        return ids.Distinct(StringComparer.Ordinal).ToList();
    }

    private static DateTimeOffset? ExpiresAt(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, styles, out var parsed)
            ? parsed
            : throw IdentityRequest.Invalid("expires_at", $"'{value}' is not a valid date-time");
    }

    private static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static ApplicationCredentialRecord Find(IdentityStore identity, string userId, string credentialId) =>
        identity.ApplicationCredentials.Find(credentialId) is { } credential && credential.UserId == userId
            ? credential
            : throw ApiException.NotFound($"Could not find Application Credential: {credentialId}.");

    /// <summary>Keystone writes expires_at as a naive UTC time with microseconds (no zone suffix).</summary>
    private static string? Time(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static JsonObject ToJson(IdentityStore identity, ApplicationCredentialRecord credential, HttpContext context) => new()
    {
        ["id"] = credential.Id,
        ["name"] = credential.Name,
        ["description"] = credential.Description,
        ["user_id"] = credential.UserId,
        ["project_id"] = credential.ProjectId,
        ["roles"] = new JsonArray(credential.RoleIds
            .Select(identity.Roles.Find)
            .OfType<RoleRecord>()
            .Select(r => (JsonNode?)new JsonObject { ["id"] = r.Id, ["name"] = r.Name, ["domain_id"] = r.DomainId })
            .ToArray()),
        ["unrestricted"] = credential.Unrestricted,
        ["expires_at"] = Time(credential.ExpiresAt),
        ["access_rules"] = new JsonArray(),
        ["links"] = IdentityJson.Links(context, $"users/{credential.UserId}/application_credentials/{credential.Id}"),
    };
}
