using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>Issues, validates and revokes tokens. Token values are random; only their SHA-256 is stored.</summary>
public sealed class TokenService(IdentityStore identity, CloudOptions options, TimeProvider time)
{
    private const int PurgeEvery = 1024;

    private readonly ConcurrentDictionary<string, (long Generation, AuthContext Auth)> _cache = new(StringComparer.Ordinal);
    private long _issued;

    public (string Token, TokenRecord Record) Issue(UserRecord user, string? projectId, string? domainId, IReadOnlyList<string> methods, IReadOnlyList<string>? auditIds = null, DateTimeOffset? expiresAt = null, string? applicationCredentialId = null)
    {
        var token = "gAAAAA" + Base64Url(RandomNumberGenerator.GetBytes(48));
        var now = time.GetUtcNow();
        var expiry = now + options.TokenLifetime;
        if (expiresAt is { } limit && limit < expiry)
        {
            expiry = limit;
        }

        var audit = Base64Url(RandomNumberGenerator.GetBytes(16))[..22];
        var audits = auditIds is { Count: > 0 } ? new[] { audit, auditIds[0] } : [audit];
        var record = new TokenRecord(HashOf(token), user.Id, projectId, domainId, methods, audits, now, expiry, applicationCredentialId);
        identity.Tokens.Put(record.Hash, record);
        if (Interlocked.Increment(ref _issued) % PurgeEvery == 0)
        {
            PurgeExpired();
        }

        return (token, record);
    }

    /// <summary>The token's record when it is valid now (unexpired, unrevoked, its user and scope still enabled).</summary>
    public TokenRecord? Find(string token)
    {
        var record = identity.Tokens.Find(HashOf(token));
        if (record is null)
        {
            return null;
        }

        if (record.ExpiresAt <= time.GetUtcNow())
        {
            Revoke(record.Hash);
            return null;
        }

        var user = identity.Users.Find(record.UserId);
        if (user is not { Enabled: true } || identity.Domains.Find(user.DomainId) is not { Enabled: true })
        {
            return null;
        }

        if (record.ProjectId is not null && identity.Projects.Find(record.ProjectId) is not { Enabled: true })
        {
            return null;
        }

        if (record.ApplicationCredentialId is not null && identity.ApplicationCredentials.Find(record.ApplicationCredentialId) is null)
        {
            return null;
        }

        return record;
    }

    public AuthContext? Validate(string token)
    {
        var hash = HashOf(token);
        var generation = identity.Generation;
        if (_cache.TryGetValue(hash, out var cached) && cached.Generation == generation && cached.Auth.ExpiresAt > time.GetUtcNow())
        {
            return cached.Auth;
        }

        var record = Find(token);
        if (record is null)
        {
            _cache.TryRemove(hash, out _);
            return null;
        }

        var auth = ContextOf(record);
        if (auth is null)
        {
            return null;
        }

        _cache[hash] = (generation, auth);
        return auth;
    }

    /// <summary>The caller's context for a valid token record; null when the scope no longer grants any role.</summary>
    public AuthContext? ContextOf(TokenRecord record)
    {
        var user = identity.Users.Find(record.UserId);
        if (user is null)
        {
            return null;
        }

        var roles = identity.TokenRoles(record);
        if ((record.ProjectId is not null || record.DomainId is not null) && roles.Count == 0)
        {
            return null;
        }

        var project = identity.Projects.Find(record.ProjectId);
        return new AuthContext(
            record.Hash,
            user.Id,
            user.Name,
            user.DomainId,
            project?.Id,
            project?.Name,
            project?.DomainId,
            record.DomainId,
            roles.Select(r => r.Name).ToList(),
            record.ExpiresAt)
        {
            ApplicationCredentialId = record.ApplicationCredentialId,
            Restricted = record.ApplicationCredentialId is { } credentialId && identity.ApplicationCredentials.Find(credentialId) is { Unrestricted: false },
        };
    }

    public bool Revoke(string hash)
    {
        _cache.TryRemove(hash, out _);
        return identity.Tokens.Remove(hash);
    }

    /// <summary>Revokes every token of a user (password change, disable, delete).</summary>
    public void RevokeUser(string userId) => RevokeWhere(t => t.UserId == userId);

    /// <summary>Revokes every token issued for an application credential (when it is deleted).</summary>
    public void RevokeApplicationCredential(string credentialId) => RevokeWhere(t => t.ApplicationCredentialId == credentialId);

    private void RevokeWhere(Func<TokenRecord, bool> match)
    {
        foreach (var record in identity.Tokens.Values.Where(match).ToList())
        {
            Revoke(record.Hash);
        }
    }

    /// <summary>Forgets expired tokens (they would be refused anyway), so the store and the cache do not grow without bound.</summary>
    public void PurgeExpired()
    {
        var now = time.GetUtcNow();
        RevokeWhere(t => t.ExpiresAt <= now);
        foreach (var (hash, entry) in _cache)
        {
            if (entry.Auth.ExpiresAt <= now)
            {
                _cache.TryRemove(hash, out _);
            }
        }
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
