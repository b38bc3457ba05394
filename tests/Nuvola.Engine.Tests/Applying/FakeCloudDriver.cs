using System.Collections.Concurrent;
using System.Text.Json;
using Nuvola.Engine.Applying;

namespace Nuvola.Engine.Tests.Applying;

/// <summary>
/// A deterministic in-memory cloud for engine tests: objects by id, a log of calls with start/end sequence
/// numbers, the most calls ever in flight, and fault injection per call.
/// </summary>
internal sealed class FakeCloudDriver : IResourceDriver
{
    private long _sequence;
    private int _inFlight;
    private int _ids;

    public sealed record FakeObject(string Id, string Type, string LogicalName, JsonElement Properties,
        IReadOnlyDictionary<string, string> Tags);

    public sealed record Call(string Op, string Name, long Start, long End);

    public ConcurrentDictionary<string, FakeObject> Objects { get; } = new();

    public ConcurrentQueue<Call> Calls { get; } = new();

    public string ConcurrencyKey { get; init; } = "fake:cloud";

    /// <summary>Decides a fault for a call (op, logical name, attempt from 1): an exception to throw, or null.</summary>
    public Func<string, string, int, Exception?>? Fault { get; set; }

    /// <summary>Awaited inside every call while it is in flight (to hold calls open in concurrency tests).</summary>
    public Func<Task>? Hold { get; set; }

    public int PeakInFlight { get; private set; }

    public int InFlight => Volatile.Read(ref _inFlight);

    private readonly ConcurrentDictionary<(string, string), int> _attempts = new();
    private readonly object _lock = new();

    public bool Supports(string type) => type.StartsWith("Test::", StringComparison.Ordinal);

    public IEnumerable<string> Created => Calls.Where(c => c.Op == "create").Select(c => c.Name);

    public FakeObject? ByName(string name) => Objects.Values.SingleOrDefault(o => o.LogicalName == name);

    /// <summary>Puts an object in the cloud as a run that died before recording it would have left it.</summary>
    public FakeObject Plant(string stack, string name, string type, string properties = "{}")
    {
        var id = $"obj-{Interlocked.Increment(ref _ids)}";
        var o = new FakeObject(id, type, name, JsonDocument.Parse(properties).RootElement.Clone(),
            EngineTags.For(stack, name));
        Objects[id] = o;
        return o;
    }

    public Task<ResourceSnapshot> CreateAsync(ResourceSpec spec, CancellationToken cancellationToken = default) =>
        RunAsync("create", spec.LogicalName, () =>
        {
            var id = $"obj-{Interlocked.Increment(ref _ids)}";
            var o = new FakeObject(id, spec.Type, spec.LogicalName, spec.Properties, spec.Tags);
            Objects[id] = o;
            return Snapshot(o);
        }, id => Objects.TryGetValue(id, out _) ? null : id, cancellationToken);

    public Task<ResourceSnapshot> UpdateAsync(ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken = default) =>
        RunAsync("update", spec.LogicalName, () =>
        {
            if (!Objects.TryGetValue(current.PhysicalId, out var o))
            {
                throw new DriverException($"PUT /things/{current.PhysicalId}", 404, "No such thing", false, "req-404");
            }

            o = o with { Properties = spec.Properties };
            Objects[o.Id] = o;
            return Snapshot(o);
        }, null, cancellationToken);

    public Task DeleteAsync(string type, string physicalId, CancellationToken cancellationToken = default) =>
        RunAsync("delete", Objects.TryGetValue(physicalId, out var o) ? o.LogicalName : physicalId, () =>
        {
            Objects.TryRemove(physicalId, out _);
            return true;
        }, null, cancellationToken);

    public Task<ResourceSnapshot?> ReadAsync(string type, string physicalId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Objects.TryGetValue(physicalId, out var o) ? Snapshot(o) : null);

    public Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(string stack, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TaggedResource>>([.. Objects.Values
            .Where(o => o.Tags.TryGetValue(EngineTags.Stack, out var s) && s == stack)
            .Select(o => new TaggedResource(o.LogicalName, o.Type, o.Id))]);

    private static ResourceSnapshot Snapshot(FakeObject o) => new(o.Id,
        JsonSerializer.SerializeToElement(new { id = o.Id, name = o.LogicalName, address = $"10.0.0.{o.Id.Length}" }),
        o.Properties);

    private async Task<T> RunAsync<T>(string op, string name, Func<T> work, Func<string, string?>? _,
        CancellationToken cancellationToken)
    {
        var start = Interlocked.Increment(ref _sequence);
        lock (_lock)
        {
            _inFlight++;
            PeakInFlight = Math.Max(PeakInFlight, _inFlight);
        }

        try
        {
            await Task.Yield();
            if (Hold is { } hold)
            {
                await hold().WaitAsync(cancellationToken);
            }

            var attempt = _attempts.AddOrUpdate((op, name), 1, (_, n) => n + 1);
            if (Fault?.Invoke(op, name, attempt) is { } fault)
            {
                throw fault;
            }

            return work();
        }
        finally
        {
            lock (_lock)
            {
                _inFlight--;
            }

            Calls.Enqueue(new Call(op, name, start, Interlocked.Increment(ref _sequence)));
        }
    }

    public static DriverException Permanent(string name) =>
        new($"POST /things ({name})", 400, $"injected failure of {name}", false, $"req-{name}");

    public static DriverException Transient(int status = 503, TimeSpan? retryAfter = null) =>
        new("POST /things", status, "overloaded, try later", true, "req-busy", retryAfter);
}
