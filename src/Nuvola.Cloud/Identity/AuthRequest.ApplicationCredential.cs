using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>The application_credential method: by id, or by name with its user; the token is scoped to the credential's project.</summary>
public sealed partial class AuthRequest
{
    private ApplicationCredentialRecord ApplicationCredential(JsonObject body)
    {
        var secret = body["secret"]?.ToString() ?? throw Invalid("'secret' is a required property");
        ApplicationCredentialRecord? credential;
        if (body["id"]?.ToString() is { } id)
        {
            credential = identity.ApplicationCredentials.Find(id);
        }
        else
        {
            var name = body["name"]?.ToString() ?? throw Invalid("'id' or 'name' is a required property of 'application_credential'");
            var userNode = body["user"] as JsonObject ?? throw Invalid("'user' is a required property when the application credential is given by name");
            var user = userNode["id"]?.ToString() is { } userId
                ? identity.Users.Find(userId)
                : identity.FindUserByName(
                    userNode["name"]?.ToString() ?? throw Invalid("'name' or 'id' is a required property of 'user'"),
                    ResolveDomain(userNode["domain"] as JsonObject ?? throw Invalid("'domain' is a required property when the user is given by name")));
            credential = user is null ? null : identity.ApplicationCredentials.Values.FirstOrDefault(c => c.UserId == user.Id && c.Name == name);
        }

        if (credential is null || credential.ExpiresAt <= time.GetUtcNow() || !PasswordHasher.Verify(secret, credential.SecretHash))
        {
            throw ApiException.Unauthorized("The request you have made requires authentication.");
        }

        return credential;
    }

    private Result WithApplicationCredential(JsonNode? scope, ApplicationCredentialRecord credential, UserRecord user, IReadOnlyList<string> methods, IReadOnlyList<string>? auditIds, DateTimeOffset? expiresAt)
    {
        if (scope is JsonObject requested && (requested["project"]?["id"]?.ToString() is not { } projectId || projectId != credential.ProjectId))
        {
            throw ApiException.Unauthorized("Application credentials cannot request a scope.");
        }

        var project = identity.Projects.Find(credential.ProjectId);
        var record = new TokenRecord(string.Empty, user.Id, credential.ProjectId, null, methods, [], default, default, credential.Id);
        if (project is not { Enabled: true } || identity.TokenRoles(record).Count == 0)
        {
            throw ApiException.Unauthorized($"User {user.Id} has no access to project {credential.ProjectId}");
        }

        return new Result(user, credential.ProjectId, null, methods, auditIds, expiresAt, credential.Id);
    }
}
