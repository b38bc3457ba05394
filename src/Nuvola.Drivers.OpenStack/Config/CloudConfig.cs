using System.Text;

namespace Nuvola.Drivers.OpenStack.Config;

/// <summary>
/// One cloud's connection settings as the openstack client resolves them from clouds.yaml (+ secure.yaml) and the
/// OS_* variables. <see cref="ToString"/> never shows a secret (password, token, application credential secret).
/// </summary>
public sealed record CloudConfig
{
    /// <summary>The cloud's name in clouds.yaml, or "envvars" when it came from OS_* variables only.</summary>
    public string Name { get; init; } = "envvars";

    /// <summary>Keystone's URL (OS_AUTH_URL), with or without the /v3 suffix.</summary>
    public required string AuthUrl { get; init; }

    /// <summary>password (the default), token / v3token, v3password, v3applicationcredential / applicationcredential.</summary>
    public string AuthType { get; init; } = "password";

    public string? Username { get; init; }

    public string? UserId { get; init; }

    public string? Password { get; init; }

    public string? ProjectName { get; init; }

    public string? ProjectId { get; init; }

    public string? UserDomainName { get; init; }

    public string? UserDomainId { get; init; }

    public string? ProjectDomainName { get; init; }

    public string? ProjectDomainId { get; init; }

    /// <summary>OS_DOMAIN_NAME: the default for the user's and the project's domain.</summary>
    public string? DomainName { get; init; }

    public string? DomainId { get; init; }

    public string? Token { get; init; }

    public string? ApplicationCredentialId { get; init; }

    public string? ApplicationCredentialName { get; init; }

    public string? ApplicationCredentialSecret { get; init; }

    public string? RegionName { get; init; }

    /// <summary>Endpoint interface in the catalog: public (default), internal or admin.</summary>
    public string Interface { get; init; } = "public";

    /// <summary>A CA bundle (PEM) to trust for TLS (OS_CACERT / cacert).</summary>
    public string? CaCert { get; init; }

    /// <summary>False to skip TLS verification (verify: false / OS_INSECURE=true).</summary>
    public bool Verify { get; init; } = true;

    /// <summary>The files this config was read from (for messages).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>The auth type in keystoneauth's canonical form: password, token or applicationcredential.</summary>
    public string NormalizedAuthType => AuthType.ToLowerInvariant().Replace("_", string.Empty, StringComparison.Ordinal) switch
    {
        "token" or "v3token" or "admin_token" => "token",
        "v3applicationcredential" or "applicationcredential" => "applicationcredential",
        _ => "password",
    };

    public override string ToString()
    {
        var text = new StringBuilder("CloudConfig { ");
        text.Append("Name = ").Append(Name).Append(", AuthUrl = ").Append(AuthUrl).Append(", AuthType = ").Append(AuthType);
        Append(text, "Username", Username);
        Append(text, "UserId", UserId);
        Append(text, "ProjectName", ProjectName);
        Append(text, "ProjectId", ProjectId);
        Append(text, "UserDomainName", UserDomainName ?? UserDomainId);
        Append(text, "ProjectDomainName", ProjectDomainName ?? ProjectDomainId);
        Append(text, "ApplicationCredentialId", ApplicationCredentialId);
        Append(text, "ApplicationCredentialName", ApplicationCredentialName);
        Append(text, "RegionName", RegionName);
        text.Append(", Interface = ").Append(Interface);
        Hidden(text, "Password", Password);
        Hidden(text, "Token", Token);
        Hidden(text, "ApplicationCredentialSecret", ApplicationCredentialSecret);
        return text.Append(" }").ToString();
    }

    private static void Append(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(", ").Append(name).Append(" = ").Append(value);
        }
    }

    private static void Hidden(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(", ").Append(name).Append(" = ***");
        }
    }
}
