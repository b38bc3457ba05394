using Nuvola.Cloud.Compute.Servers;
using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Compute.ServerPasswords;

/// <summary>
/// The encrypted admin password a guest posts for its server (Nova keeps it in the instance's system metadata;
/// the guest posts it to the metadata service, encrypted with the server's public key, so it is never in clear
/// here). Real instances set it through <see cref="Set"/>; the fake hypervisor's guests post none, so GET shows "".
/// </summary>
public sealed class ServerPasswordStore(StateStore store) : IServerCleanup
{
    private readonly Collection<ServerPasswordRecord> _passwords = store.Collection<ServerPasswordRecord>("compute.server_password");

    public string PasswordOf(string serverId) => _passwords.Find(serverId)?.Encrypted ?? string.Empty;

    public void Set(string serverId, string encrypted) => _passwords.Put(serverId, new ServerPasswordRecord(serverId, encrypted));

    public void Clear(string serverId) => _passwords.Remove(serverId);

    public void ServerDeleted(string serverId) => _passwords.Remove(serverId);
}

/// <summary>A server's password as its guest posted it (base64 of the encrypted bytes).</summary>
public sealed record ServerPasswordRecord(string ServerId, string Encrypted);
