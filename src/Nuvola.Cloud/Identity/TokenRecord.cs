namespace Nuvola.Cloud.Identity;

/// <summary>An issued token, stored under the SHA-256 of its value (the value itself is never stored).</summary>
public sealed record TokenRecord(
    string Hash,
    string UserId,
    string? ProjectId,
    string? DomainId,
    IReadOnlyList<string> Methods,
    IReadOnlyList<string> AuditIds,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string? ApplicationCredentialId = null,
    bool System = false);
