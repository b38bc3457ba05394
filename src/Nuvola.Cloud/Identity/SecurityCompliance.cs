namespace Nuvola.Cloud.Identity;

/// <summary>
/// Keystone's [security_compliance] settings that this cloud enforces. A new password must differ from the
/// last <see cref="UniqueLastPasswordCount"/> passwords, the current one included (0 or 1 disables the check).
/// Tempest's security_compliance tests expect the count to be its own user_unique_last_password_count (2).
/// </summary>
public sealed record SecurityCompliance
{
    public int UniqueLastPasswordCount { get; init; } = 2;
}
