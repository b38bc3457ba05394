using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Compute.Keypairs;

/// <summary>Key pairs by (user, name). Servers look up their key_name here: <see cref="Find"/>.</summary>
public sealed class KeypairStore(StateStore store)
{
    private readonly Collection<KeypairRecord> _keypairs = store.Collection<KeypairRecord>("compute.keypairs");

    public Lock Sync => _keypairs.Sync;

    /// <summary>The user's key pair with this name; null when the user has none by that name.</summary>
    public KeypairRecord? Find(string userId, string name) => _keypairs.Find(Key(userId, name));

    public IEnumerable<KeypairRecord> OfUser(string userId) =>
        _keypairs.Values.Where(k => k.UserId == userId).OrderBy(k => k.Name, StringComparer.Ordinal);

    public int CountFor(string userId) => _keypairs.Values.Count(k => k.UserId == userId);

    /// <summary>The next integer id (Nova's key pairs have one); call under <see cref="Sync"/>.</summary>
    public int NextId() => _keypairs.Values.Select(k => k.Id).DefaultIfEmpty(0).Max() + 1;

    public void Put(KeypairRecord keypair) => _keypairs.Put(Key(keypair.UserId, keypair.Name), keypair);

    public bool Remove(string userId, string name) => _keypairs.Remove(Key(userId, name));

    private static string Key(string userId, string name) => userId + "/" + name;
}
