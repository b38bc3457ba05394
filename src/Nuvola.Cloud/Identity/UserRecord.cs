namespace Nuvola.Cloud.Identity;

/// <summary>A user; the password only as a salted slow hash, with the previous hashes for password history.</summary>
public sealed record UserRecord(
    string Id,
    string Name,
    string DomainId,
    string? PasswordHash,
    bool Enabled,
    DateTimeOffset CreatedAt,
    string? DefaultProjectId = null,
    string? Description = null,
    string? Email = null,
    DateTimeOffset? PasswordChangedAt = null,
    DateTimeOffset? PasswordExpiresAt = null,
    IReadOnlyList<string>? PasswordHistory = null,
    IReadOnlyDictionary<string, string>? Extra = null);
