using System.Collections.Concurrent;
using System.Text.Json;
using Nuvola.Engine.Applying;

namespace Nuvola.Stacks.Internal;

/// <summary>One signal to a WaitConditionHandle: SUCCESS or FAILURE, why, the data it carries and its id.</summary>
internal sealed record Signal(bool Success, string Reason, JsonElement? Data, string Id);

/// <summary>
/// Signals to wait condition handles, by the handle's physical id, kept in memory (a process that restarts forgets
/// the signals not yet consumed: the WaitCondition then waits for new ones until its timeout).
/// </summary>
internal sealed class SignalHub
{
    private readonly ConcurrentDictionary<string, Box> _boxes = new(StringComparer.Ordinal);

    public void Signal(string handle, JsonElement data)
    {
        var box = _boxes.GetOrAdd(handle, _ => new Box());
        lock (box)
        {
            box.Signals.Add(Parse(data, box.Signals.Count + 1));
            box.Changed.TrySetResult();
            box.Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Forget(string handle) => _boxes.TryRemove(handle, out _);

    /// <summary>
    /// Waits until <paramref name="count"/> SUCCESS signals reached the handle; a FAILURE signal or the timeout
    /// fails the wait (<see cref="DriverException"/>). Returns the signals' data by id.
    /// </summary>
    public async Task<Dictionary<string, object?>> WaitAsync(string name, string handle, int count, TimeSpan timeout,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var box = _boxes.GetOrAdd(handle, _ => new Box());
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deadline = Task.Delay(timeout, time, timer.Token);
        try
        {
            while (true)
            {
                Task changed;
                lock (box)
                {
                    if (box.Signals.FirstOrDefault(s => !s.Success) is { } failure)
                    {
                        throw new DriverException($"wait condition {name}", null,
                            $"received a FAILURE signal: {failure.Reason}", false);
                    }

                    var ok = box.Signals.Where(s => s.Success).ToList();
                    if (ok.Count >= count)
                    {
                        return ok.GroupBy(s => s.Id).ToDictionary(g => g.Key,
                            g => g.Last().Data is { } d ? Model.Evaluation.Values.FromJson(d) : null);
                    }

                    changed = box.Changed.Task;
                }

                if (await Task.WhenAny(changed, deadline).ConfigureAwait(false) == deadline)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int got;
                    lock (box)
                    {
                        got = box.Signals.Count(s => s.Success);
                    }

                    throw new DriverException($"wait condition {name}", null,
                        $"timed out after {timeout.TotalSeconds:0.#} s with {got} of {count} signals", false);
                }
            }
        }
        finally
        {
            await timer.CancelAsync().ConfigureAwait(false);
        }
    }

    private static Signal Parse(JsonElement data, int next)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            return new Signal(true, "signalled", null, next.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var status = data.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : "SUCCESS";
        var reason = data.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "signalled";
        var id = data.TryGetProperty("id", out var i) && i.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? (i.ValueKind == JsonValueKind.String ? i.GetString()! : i.GetRawText())
            : next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        JsonElement? payload = data.TryGetProperty("data", out var d) ? d.Clone() : null;
        return new Signal(!string.Equals(status, "FAILURE", StringComparison.OrdinalIgnoreCase), reason, payload, id);
    }

    private sealed class Box
    {
        public List<Signal> Signals { get; } = [];

        public TaskCompletionSource Changed { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
