namespace Nuvola.Cloud.Identity;

/// <summary>
/// An application credential: a user's delegated secret for one project and a subset of the user's roles there.
/// Only the secret's slow hash is kept; the secret itself is shown once, when the credential is created.
/// </summary>
public sealed record ApplicationCredentialRecord(
    string Id,
    string Name,
    string UserId,
    string ProjectId,
    string SecretHash,
    IReadOnlyList<string> RoleIds,
    bool Unrestricted,
    DateTimeOffset CreatedAt,
    string? Description = null,
    DateTimeOffset? ExpiresAt = null);
