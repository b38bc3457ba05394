using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Config;

namespace Nuvola.Drivers.OpenStack.Session;

/// <summary>The body of POST /v3/auth/tokens for each auth type (password, token, application credential).</summary>
internal static class AuthRequest
{
    public static JsonObject Build(CloudConfig config)
    {
        JsonObject identity;
        var scoped = true;
        switch (config.NormalizedAuthType)
        {
            case "token":
                identity = new JsonObject
                {
                    ["methods"] = new JsonArray("token"),
                    ["token"] = new JsonObject { ["id"] = Require(config.Token, "token (OS_TOKEN)") },
                };
                break;
            case "applicationcredential":
                var credential = new JsonObject { ["secret"] = Require(config.ApplicationCredentialSecret, "application_credential_secret") };
                if (config.ApplicationCredentialId is { } id)
                {
                    credential["id"] = id;
                }
                else
                {
                    credential["name"] = Require(config.ApplicationCredentialName, "application_credential_id or application_credential_name");
                    credential["user"] = User(config);
                }

                identity = new JsonObject { ["methods"] = new JsonArray("application_credential"), ["application_credential"] = credential };
                scoped = false;
                break;
            default:
                var user = User(config);
                user["password"] = Require(config.Password, "password (OS_PASSWORD)");
                identity = new JsonObject { ["methods"] = new JsonArray("password"), ["password"] = new JsonObject { ["user"] = user } };
                break;
        }

        var auth = new JsonObject { ["identity"] = identity };
        if (scoped && Scope(config) is { } scope)
        {
            auth["scope"] = scope;
        }

        return new JsonObject { ["auth"] = auth };
    }

    private static JsonObject User(CloudConfig config)
    {
        if (config.UserId is { } id)
        {
            return new JsonObject { ["id"] = id };
        }

        return new JsonObject
        {
            ["name"] = Require(config.Username, "username (OS_USERNAME) or user_id"),
            ["domain"] = Domain(config.UserDomainId ?? config.DomainId, config.UserDomainName ?? config.DomainName),
        };
    }

    private static JsonObject? Scope(CloudConfig config)
    {
        if (config.ProjectId is { } id)
        {
            return new JsonObject { ["project"] = new JsonObject { ["id"] = id } };
        }

        if (config.ProjectName is { } name)
        {
            return new JsonObject
            {
                ["project"] = new JsonObject
                {
                    ["name"] = name,
                    ["domain"] = Domain(config.ProjectDomainId ?? config.DomainId, config.ProjectDomainName ?? config.DomainName),
                },
            };
        }

        return null;
    }

    private static JsonObject Domain(string? id, string? name) =>
        id is not null ? new JsonObject { ["id"] = id } : new JsonObject { ["name"] = name ?? "Default" };

    private static string Require(string? value, string what) =>
        value ?? throw new CloudConfigException($"The cloud's settings lack {what}.");
}
