using System.Collections.Concurrent;
using System.Collections.Immutable;
using Nuvola.Engine.Graph;
using Nuvola.Engine.Planning;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Applying;

/// <summary>One apply of one plan: the live records, the journal for rollback, the failures.</summary>
internal sealed partial class ApplyRun : IAppliedResources
{
    private readonly IStateStore _state;
    private readonly IDriverRegistry _drivers;
    private readonly IResourceTypeSchemas? _schemas;
    private readonly ApplyOptions _options;
    private readonly LimiterPool _limiters;
    private readonly Plan _plan;
    private readonly SpecResolver _resolver;
    private readonly ConcurrentDictionary<string, ResourceRecord> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<JournalEntry> _journal = new();
    private readonly ConcurrentQueue<ResourceFailure> _failures = new();
    private readonly ConcurrentDictionary<IResourceDriver, Lazy<Task<IReadOnlyList<TaggedResource>>>> _orphans = new();
    private readonly ConcurrentQueue<(string Skipped, string Because)> _skipped = new();

    public ApplyRun(IStateStore state, IDriverRegistry drivers, IResourceTypeSchemas? schemas, ApplyOptions options,
        LimiterPool limiters, Plan plan, SpecResolver resolver)
    {
        _state = state;
        _drivers = drivers;
        _schemas = schemas;
        _options = options;
        _limiters = limiters;
        _plan = plan;
        _resolver = resolver;
    }

    public string Stack => _plan.Stack;

    private TimeProvider Time => _options.TimeProvider;

    public ResourceRecord? Get(string logicalName) => _records.GetValueOrDefault(logicalName);

    public async Task<ApplyResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        var lease = await AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = Time.CreateTimer(_ => _ = RenewAsync(), null, _options.LeaseDuration / 3, _options.LeaseDuration / 3);
        try
        {
            return await RunAsync(lost.Token).ConfigureAwait(false);
        }
        finally
        {
            await renewal.DisposeAsync().ConfigureAwait(false);
            await _state.ReleaseLeaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }

        async Task RenewAsync()
        {
            try
            {
                lease = await _state.RenewLeaseAsync(lease, _options.LeaseDuration, CancellationToken.None)
                    .ConfigureAwait(false);
            }
            catch (StateException)
            {
                await lost.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<ApplyResult> RunAsync(CancellationToken cancellationToken)
    {
        var stack = await _state.GetStackAsync(Stack, cancellationToken).ConfigureAwait(false);
        if ((stack?.Version ?? 0) != _plan.StateVersion)
        {
            throw new PlanRejectedException(PlanCodes.StalePlan,
                $"The plan for stack '{Stack}' was made against state version {_plan.StateVersion}, but the state is " +
                $"now at version {stack?.Version ?? 0}: plan again.");
        }

        var isNew = stack is null;
        stack ??= await _state.EnsureStackAsync(Stack, cancellationToken).ConfigureAwait(false);
        foreach (var r in await _state.GetResourcesAsync(Stack, cancellationToken).ConfigureAwait(false))
        {
            _records[r.LogicalName] = r;
        }

        var action = isNew || _records.IsEmpty ? StackAction.Create
            : _plan.Changes.Length > 0 && _plan.Changes.All(c => c.Action == ChangeAction.Delete) ? StackAction.Delete
            : StackAction.Update;
        await SetStackAsync(action, StackStatus.InProgress, null, cancellationToken).ConfigureAwait(false);

        var walk = await DagWalker.WalkAsync(BuildGraph(), VisitAsync,
            (skipped, because) => _skipped.Enqueue((skipped, because)), cancellationToken).ConfigureAwait(false);
        foreach (var (skipped, because) in _skipped)
        {
            var change = _plan.Find(skipped)!;
            await RecordAsync(change.LogicalName, change.Type, EventActionOf(change.Action), EventStatus.Skipped,
                $"not run: it depends on {because}, which did not complete", CancellationToken.None).ConfigureAwait(false);
        }

        var cancelled = cancellationToken.IsCancellationRequested;
        var failures = _failures.ToImmutableArray();
        if (walk.Succeeded)
        {
            await SetStackAsync(action, StackStatus.Complete, null, CancellationToken.None).ConfigureAwait(false);
            return new ApplyResult(action, StackStatus.Complete, walk.Outcomes, [], false, false);
        }

        var reason = cancelled ? "cancelled"
            : $"{failures.Length} resource(s) failed: " + string.Join("; ", failures.Select(f => $"{f.LogicalName}: {f.Message}"));
        if (!_options.Rollback || cancelled)
        {
            await SetStackAsync(action, StackStatus.Failed, reason, CancellationToken.None).ConfigureAwait(false);
            return new ApplyResult(action, StackStatus.Failed, walk.Outcomes, failures, false, cancelled);
        }

        await SetStackAsync(action, StackStatus.Failed, reason, CancellationToken.None).ConfigureAwait(false);
        await SetStackAsync(StackAction.Rollback, StackStatus.InProgress, reason, CancellationToken.None).ConfigureAwait(false);
        var rolledBack = await RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        var status = rolledBack ? StackStatus.Complete : StackStatus.Failed;
        await SetStackAsync(StackAction.Rollback, status, reason, CancellationToken.None).ConfigureAwait(false);
        return new ApplyResult(StackAction.Rollback, status, walk.Outcomes, [.. _failures], true, false);
    }

    // Creates, updates and replaces after what they depend on; a delete after everything that depended on the
    // deleted resource in the recorded state (which is then gone or changed not to depend on it).
    private Dag<string> BuildGraph()
    {
        var names = _plan.Changes.Select(c => c.LogicalName).ToHashSet(StringComparer.Ordinal);
        var edges = new List<(string, string)>();
        foreach (var c in _plan.Changes)
        {
            if (c.Action != ChangeAction.Delete)
            {
                edges.AddRange(c.DependsOn.Where(names.Contains).Select(d => (c.LogicalName, d)));
            }

            foreach (var prior in c.PriorDependsOn.Where(names.Contains))
            {
                if (_plan.Find(prior) is { Action: ChangeAction.Delete } && prior != c.LogicalName)
                {
                    edges.Add((prior, c.LogicalName));
                }
            }
        }

        return Dag<string>.Create(_plan.Changes.Select(c => c.LogicalName), edges, StringComparer.Ordinal);
    }

    private async Task SetStackAsync(StackAction action, StackStatus status, string? reason,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stack = await _state.GetStackAsync(Stack, cancellationToken).ConfigureAwait(false)
                ?? await _state.EnsureStackAsync(Stack, cancellationToken).ConfigureAwait(false);
            try
            {
                await _state.UpdateStackAsync(stack with { Action = action, Status = status, StatusReason = reason },
                    cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (StateConflictException) when (attempt < 5)
            {
                // a resource write of this run bumped the version between the read and the write: read again
            }
        }

        await RecordAsync(Stack, "stack", EventAction.Stack, status == StackStatus.InProgress ? EventStatus.InProgress
            : status == StackStatus.Complete ? EventStatus.Complete : EventStatus.Failed,
            $"{action} {status}" + (reason is null ? string.Empty : $": {reason}"), cancellationToken)
            .ConfigureAwait(false);
    }

    // A lease whose holder on this host was killed is broken at once (and the takeover recorded); others wait.
    private async Task<StackLease> AcquireLeaseAsync(CancellationToken cancellationToken)
    {
        string holder;
        try
        {
            return await _state.AcquireLeaseAsync(Stack, _options.Holder, _options.LeaseDuration, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (StackLockedException locked) when (locked.Holder is { } h && LeaseHolder.IsDeadLocalProcess(h))
        {
            holder = h;
        }

        await _state.BreakLeaseAsync(Stack, holder, cancellationToken).ConfigureAwait(false);
        var lease = await _state.AcquireLeaseAsync(Stack, _options.Holder, _options.LeaseDuration, cancellationToken)
            .ConfigureAwait(false);
        await RecordAsync(Stack, "stack", EventAction.Stack, EventStatus.InProgress,
            $"took over the lock of {holder}, which no longer runs", cancellationToken).ConfigureAwait(false);
        return lease;
    }

    private async Task RecordAsync(string name, string type, EventAction action, EventStatus status, string? reason,
        CancellationToken cancellationToken, string? requestId = null, string? physicalId = null)
    {
        var recorded = await _state.AppendEventAsync(new EngineEvent(0, Stack, name, type, action, status, reason,
            Time.GetUtcNow(), requestId, physicalId, CloudOf(name)), cancellationToken).ConfigureAwait(false);
        _options.OnEvent?.Invoke(recorded);
    }

    // The target an event's resource lives in: as planned (a delete: as recorded), else as recorded (deposed copies).
    private string? CloudOf(string name) =>
        _plan.Find(name) is { } change ? change.Cloud
        : _records.TryGetValue(name, out var record) ? record.Cloud
        : null;

    private static EventAction EventActionOf(ChangeAction action) => action switch
    {
        ChangeAction.Create => EventAction.Create,
        ChangeAction.Update => EventAction.Update,
        ChangeAction.Replace => EventAction.Replace,
        ChangeAction.Delete => EventAction.Delete,
        _ => EventAction.Update,
    };
}
