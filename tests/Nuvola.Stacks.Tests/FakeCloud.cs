using System.Collections.Concurrent;
using System.Text.Json;
using Nuvola.Engine.Applying;

namespace Nuvola.Stacks.Tests;

/// <summary>
/// An in-memory cloud for OS::Neutron::Net and OS::Cinder::Volume: objects by id with their tags, the calls made,
/// and a fault hook that fails a chosen create (leaving nothing behind).
/// </summary>
internal sealed class FakeCloud : IResourceDriver
{
    private int _ids;

    public sealed record CloudObject(string Id, string Type, string Name, JsonElement Properties,
        IReadOnlyDictionary<string, string> Tags);

    public ConcurrentDictionary<string, CloudObject> Objects { get; } = new();

    public ConcurrentQueue<(string Op, string Name)> Calls { get; } = new();

    /// <summary>Fails a create of the named resource when it returns true.</summary>
    public Func<string, bool>? FailCreate { get; set; }

    public string ConcurrencyKey => "fake:cloud";

    public bool Supports(string type) => type is "OS::Neutron::Net" or "OS::Cinder::Volume";

    public IEnumerable<string> Created => Calls.Where(c => c.Op == "create").Select(c => c.Name);

    public CloudObject? ByName(string name) => Objects.Values.SingleOrDefault(o => o.Name == name);

    public Task<ResourceSnapshot> CreateAsync(ResourceSpec spec, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(("create", spec.LogicalName));
        if (FailCreate?.Invoke(spec.LogicalName) == true)
        {
            throw new DriverException("POST /v2.0/networks", 400, $"injected failure of {spec.LogicalName}", false, "req-1");
        }

        var o = new CloudObject($"id-{Interlocked.Increment(ref _ids)}", spec.Type, spec.LogicalName, spec.Properties, spec.Tags);
        Objects[o.Id] = o;
        return Task.FromResult(Snapshot(o));
    }

    public Task<ResourceSnapshot> UpdateAsync(ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(("update", spec.LogicalName));
        var o = Objects[current.PhysicalId] with { Properties = spec.Properties };
        Objects[o.Id] = o;
        return Task.FromResult(Snapshot(o));
    }

    public Task DeleteAsync(string type, string physicalId, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(("delete", Objects.TryGetValue(physicalId, out var o) ? o.Name : physicalId));
        Objects.TryRemove(physicalId, out _);
        return Task.CompletedTask;
    }

    public Task<ResourceSnapshot?> ReadAsync(string type, string physicalId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Objects.TryGetValue(physicalId, out var o) ? Snapshot(o) : null);

    public Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(string stack, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TaggedResource>>([.. Objects.Values
            .Where(o => o.Tags.TryGetValue(EngineTags.Stack, out var s) && s == stack)
            .Select(o => new TaggedResource(o.Name, o.Type, o.Id))]);

    private static ResourceSnapshot Snapshot(CloudObject o) => new(o.Id,
        JsonSerializer.SerializeToElement(new { name = o.Properties.TryGetProperty("name", out var n) ? n.GetString() : null, status = "ACTIVE" }),
        o.Properties);
}
