using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>Setting a user's password: a new slow hash, the previous hashes kept for Keystone's password history check.</summary>
public sealed class UserPasswords(PasswordHasher hasher, SecurityCompliance compliance, TimeProvider time)
{
    public UserRecord Set(UserRecord user, string password, bool checkHistory)
    {
        var unique = compliance.UniqueLastPasswordCount;
        var recent = new[] { user.PasswordHash }.Concat(user.PasswordHistory ?? []).OfType<string>().ToList();
        if (checkHistory && unique > 1 && recent.Take(unique).Any(hash => PasswordHasher.Verify(password, hash)))
        {
            throw ApiException.BadRequest($"The new password cannot be identical to a previous password. The total number which includes the new password must be unique is {unique}.");
        }

        return user with
        {
            PasswordHash = hasher.Hash(password),
            PasswordChangedAt = time.GetUtcNow(),
            PasswordHistory = recent.Take(Math.Max(unique - 1, 0)).ToList(),
        };
    }
}
