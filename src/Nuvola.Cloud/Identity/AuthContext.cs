namespace Nuvola.Cloud.Identity;

/// <summary>Who is calling, as established from a validated token: the caller's user, scope and roles.</summary>
public sealed record AuthContext(
    string TokenHash,
    string UserId,
    string UserName,
    string UserDomainId,
    string? ProjectId,
    string? ProjectName,
    string? ProjectDomainId,
    string? DomainId,
    IReadOnlyList<string> Roles,
    DateTimeOffset ExpiresAt)
{
    /// <summary>The application credential the token was issued for, if any.</summary>
    public string? ApplicationCredentialId { get; init; }

    /// <summary>True when the token comes from an application credential that may not create further credentials.</summary>
    public bool Restricted { get; init; }

    public bool IsAdmin => Roles.Contains(RoleNames.Admin);

    /// <summary>Admin or member: may create and change objects in the scoped project.</summary>
    public bool CanWrite => IsAdmin || Roles.Contains(RoleNames.Member);

    /// <summary>The scoped project; 401-style refusal when the token is not project-scoped.</summary>
    public string RequireProject() =>
        ProjectId ?? throw new Hosting.ApiException(403, "This action requires a project-scoped token.");
}

public static class RoleNames
{
    public const string Admin = "admin";
    public const string Member = "member";
    public const string Reader = "reader";
}
