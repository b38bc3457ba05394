using System.Collections.Concurrent;
using System.Text.Json;

namespace Nuvola.Cloud.Storage;

/// <summary>
/// All objects of one kind, in memory and on disk. Values are immutable records: to change one, put a new one.
/// Callers that need read-modify-write atomicity across objects hold <see cref="Sync"/>.
/// </summary>
public sealed class Collection<T>
    where T : class
{
    private readonly StateStore _store;
    private readonly string _kind;
    private readonly JsonSerializerOptions _json;
    private readonly ConcurrentDictionary<string, T> _items;
    private long _version;

    internal Collection(StateStore store, string kind, IEnumerable<KeyValuePair<string, T>> items, JsonSerializerOptions json)
    {
        _json = json;
        _store = store;
        _kind = kind;
        _items = new ConcurrentDictionary<string, T>(items, StringComparer.Ordinal);
    }

    /// <summary>A lock for compound changes (check-then-put) on this collection.</summary>
    public Lock Sync { get; } = new();

    public int Count => _items.Count;

    /// <summary>Changes on every Put and Remove: lets a reader keep a derived index and rebuild it only when stale.</summary>
    public long Version => Interlocked.Read(ref _version);

    public IEnumerable<T> Values => _items.Values;

    public T? Find(string? id) => id is not null && _items.TryGetValue(id, out var value) ? value : null;

    public bool Contains(string id) => _items.ContainsKey(id);

    /// <summary>Adds or replaces the object with this id, on disk first.</summary>
    public void Put(string id, T value)
    {
        _store.Write(_kind, id, JsonSerializer.Serialize(value, _json));
        _items[id] = value;
        Interlocked.Increment(ref _version);
    }

    /// <summary>Removes the object with this id; false when there was none.</summary>
    public bool Remove(string id)
    {
        if (!_items.ContainsKey(id))
        {
            return false;
        }

        _store.Write(_kind, id, null);
        var removed = _items.TryRemove(id, out _);
        Interlocked.Increment(ref _version);
        return removed;
    }
}
