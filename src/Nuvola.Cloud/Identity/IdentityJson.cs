using System.Globalization;
using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Identity;

/// <summary>Keystone's wire shapes for the objects of Identity.</summary>
public static class IdentityJson
{
    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An entity's "links": its own URL under /identity/v3.</summary>
    public static JsonObject Links(HttpContext context, string path) =>
        new() { ["self"] = $"{context.Request.Scheme}://{context.Request.Host}/identity/v3/{path}" };

    /// <summary>A collection answer: {"key": [...], "links": {self, previous, next}}.</summary>
    public static JsonObject Collection(HttpContext context, string key, IEnumerable<JsonObject> items) =>
        new() { [key] = new JsonArray(items.Select(i => (JsonNode?)i).ToArray()), ["links"] = AuthEndpoints.Links(context) };

    public static JsonArray Strings(IEnumerable<string>? values) => new((values ?? []).Select(v => (JsonNode?)v).ToArray());

    public static JsonObject DomainRef(IdentityStore identity, string domainId) =>
        new() { ["id"] = domainId, ["name"] = identity.Domains.Find(domainId)?.Name ?? domainId };

    public static JsonObject Token(IdentityStore identity, TokenRecord record, AuthContext auth, JsonArray? catalog)
    {
        var user = identity.Users.Find(record.UserId);
        var token = new JsonObject
        {
            ["methods"] = new JsonArray(record.Methods.Select(m => (JsonNode?)m).ToArray()),
            ["user"] = new JsonObject
            {
                ["domain"] = DomainRef(identity, auth.UserDomainId),
                ["id"] = auth.UserId,
                ["name"] = auth.UserName,
                ["password_expires_at"] = user?.PasswordExpiresAt is { } expires ? Time(expires) : null,
            },
            ["audit_ids"] = new JsonArray(record.AuditIds.Select(a => (JsonNode?)a).ToArray()),
            ["expires_at"] = Time(record.ExpiresAt),
            ["issued_at"] = Time(record.IssuedAt),
        };
        if (auth.ProjectId is not null)
        {
            token["project"] = new JsonObject
            {
                ["domain"] = DomainRef(identity, auth.ProjectDomainId ?? IdentityStore.DefaultDomainId),
                ["id"] = auth.ProjectId,
                ["name"] = auth.ProjectName,
            };
            token["is_domain"] = false;
        }
        else if (auth.DomainId is not null)
        {
            token["domain"] = DomainRef(identity, auth.DomainId);
        }

        if (auth.ProjectId is not null || auth.DomainId is not null)
        {
            token["roles"] = new JsonArray(identity.TokenRoles(record)
                .Select(r => (JsonNode?)new JsonObject { ["id"] = r.Id, ["name"] = r.Name }).ToArray());
            if (catalog is not null)
            {
                token["catalog"] = catalog;
            }
        }

        if (record.ApplicationCredentialId is not null)
        {
            token["application_credential"] = new JsonObject
            {
                ["id"] = record.ApplicationCredentialId,
                ["name"] = identity.ApplicationCredentials.Find(record.ApplicationCredentialId)?.Name,
                ["restricted"] = auth.Restricted,
            };
        }

        return new JsonObject { ["token"] = token };
    }
}
