using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>Reads POST /v3/auth/tokens: who authenticates (password, token) and for which scope.</summary>
public sealed partial class AuthRequest(IdentityStore identity, TokenService tokens, TimeProvider time)
{
    public sealed record Result(UserRecord User, string? ProjectId, string? DomainId, IReadOnlyList<string> Methods, IReadOnlyList<string>? AuditIds, DateTimeOffset? ExpiresAt, string? ApplicationCredentialId = null);

    public Result Authenticate(JsonObject body)
    {
        var auth = body["auth"] as JsonObject ?? throw Invalid("'auth' is a required property");
        var ident = auth["identity"] as JsonObject ?? throw Invalid("'identity' is a required property");
        if (ident["methods"] is not JsonArray methodsNode || methodsNode.Count == 0)
        {
            throw Invalid("'methods' is a required property");
        }

        var methods = methodsNode.Select(m => m?.GetValueKind() == System.Text.Json.JsonValueKind.String ? m.GetValue<string>() : throw Invalid("methods must be strings")).ToList();
        UserRecord? user = null;
        IReadOnlyList<string>? auditIds = null;
        DateTimeOffset? expiresAt = null;
        string? projectFromToken = null;
        string? domainFromToken = null;
        ApplicationCredentialRecord? credential = null;
        foreach (var method in methods)
        {
            switch (method)
            {
                case "password":
                    user = Password(ident["password"] as JsonObject ?? throw Invalid("'password' is a required property"));
                    break;
                case "token":
                    var tokenId = (ident["token"] as JsonObject)?["id"]?.ToString() ?? throw Invalid("'id' is a required property");
                    var record = tokens.Find(tokenId) ?? throw ApiException.NotFound($"Could not find token: {tokenId}.");
                    user = identity.Users.Find(record.UserId);
                    auditIds = record.AuditIds;
                    expiresAt = record.ExpiresAt;
                    projectFromToken = record.ProjectId;
                    domainFromToken = record.DomainId;
                    credential = identity.ApplicationCredentials.Find(record.ApplicationCredentialId);
                    break;
                case "application_credential":
                    credential = ApplicationCredential(ident["application_credential"] as JsonObject ?? throw Invalid("'application_credential' is a required property"));
                    user = identity.Users.Find(credential.UserId);
                    expiresAt = credential.ExpiresAt;
                    break;
                default:
                    throw ApiException.Unauthorized("The request you have made requires authentication.");
            }
        }

        if (user is not { Enabled: true } || identity.Domains.Find(user.DomainId) is not { Enabled: true })
        {
            throw ApiException.Unauthorized();
        }

        if (credential is not null)
        {
            return WithApplicationCredential(auth["scope"], credential, user, methods, auditIds, expiresAt);
        }

        var (projectId, domainId) = Scope(auth["scope"], user);
        if (auth["scope"] is null && projectFromToken is not null)
        {
            projectId = projectFromToken;
        }

        if (auth["scope"] is null && domainFromToken is not null)
        {
            domainId = domainFromToken;
        }

        return new Result(user, projectId, domainId, methods, auditIds, expiresAt);
    }

    private UserRecord Password(JsonObject password)
    {
        var userNode = password["user"] as JsonObject ?? throw Invalid("'user' is a required property");
        var secret = userNode["password"]?.ToString() ?? throw Invalid("'password' is a required property");
        UserRecord? user;
        if (userNode["id"]?.ToString() is { } id)
        {
            user = identity.Users.Find(id);
        }
        else
        {
            var name = userNode["name"]?.ToString() ?? throw Invalid("'name' or 'id' is a required property of 'user'");
            var domainId = ResolveDomain(userNode["domain"] as JsonObject ?? throw Invalid("'domain' is a required property when the user is given by name"));
            user = identity.FindUserByName(name, domainId);
        }

        if (user is null || !user.Enabled || !PasswordHasher.Verify(secret, user.PasswordHash))
        {
            throw ApiException.Unauthorized("The request you have made requires authentication.");
        }

        return user;
    }

    private (string? ProjectId, string? DomainId) Scope(JsonNode? scope, UserRecord user)
    {
        switch (scope)
        {
            case null:
                if (user.DefaultProjectId is { } defaultProject && identity.EffectiveRoles(user.Id, defaultProject, null).Count > 0)
                {
                    return (defaultProject, null);
                }

                return (null, null);
            case JsonValue value when value.ToString() == "unscoped":
                return (null, null);
            case JsonObject obj when obj["project"] is JsonObject project:
                {
                    ProjectRecord? found;
                    if (project["id"]?.ToString() is { } id)
                    {
                        found = identity.Projects.Find(id);
                    }
                    else
                    {
                        var name = project["name"]?.ToString() ?? throw Invalid("'name' or 'id' is a required property of 'project'");
                        found = identity.FindProjectByName(name, ResolveDomain(project["domain"] as JsonObject ?? throw Invalid("'domain' is a required property when the project is given by name")));
                    }

                    if (found is not { Enabled: true } || identity.EffectiveRoles(user.Id, found.Id, null).Count == 0)
                    {
                        throw ApiException.Unauthorized($"User {user.Id} has no access to project {project["id"] ?? project["name"]}");
                    }

                    return (found.Id, null);
                }

            case JsonObject obj when obj["domain"] is JsonObject domain:
                {
                    var domainId = ResolveDomain(domain);
                    if (identity.EffectiveRoles(user.Id, null, domainId).Count == 0)
                    {
                        throw ApiException.Unauthorized($"User {user.Id} has no access to domain {domainId}");
                    }

                    return (null, domainId);
                }

            case JsonObject obj when obj["system"] is not null:
                throw ApiException.Unauthorized("System scope is not supported by this cloud.");
            default:
                throw Invalid("'scope' must name a project, a domain or be 'unscoped'");
        }
    }

    private string ResolveDomain(JsonObject domain)
    {
        if (domain["id"]?.ToString() is { } id)
        {
            return identity.Domains.Find(id) is { Enabled: true } ? id : throw ApiException.Unauthorized();
        }

        var name = domain["name"]?.ToString() ?? throw Invalid("'name' or 'id' is a required property of 'domain'");
        return identity.FindDomainByName(name) is { Enabled: true } found ? found.Id : throw ApiException.Unauthorized();
    }

    private static ApiException Invalid(string detail) =>
        ApiException.BadRequest($"Invalid input for field 'identity': {detail}");
}
