using Nuvola.Engine.Planning;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Applying;

/// <summary>
/// Applies a <see cref="Plan"/>: takes the stack's lock, refuses a plan with errors or one made against an older
/// state, walks the changes in parallel (bounded and adapted per cloud, transient errors retried), records every
/// step in state as it happens (so that a crash or a failure leaves state true and a re-run resumes), and on
/// failure with <see cref="ApplyOptions.Rollback"/> undoes what the run did.
/// </summary>
public sealed class Applier
{
    private readonly IStateStore _state;
    private readonly IDriverRegistry _drivers;
    private readonly IResourceTypeSchemas? _schemas;
    private readonly ApplyOptions _options;
    private readonly LimiterPool _limiters;

    public Applier(IStateStore state, IDriverRegistry drivers, ApplyOptions? options = null,
        IResourceTypeSchemas? schemas = null)
    {
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _drivers = drivers ?? throw new ArgumentNullException(nameof(drivers));
        _schemas = schemas;
        _options = options ?? new ApplyOptions();
        _limiters = _options.Limiters ?? new LimiterPool(timeProvider: _options.TimeProvider);
    }

    /// <summary>The limiters this applier uses (to observe the adaptive limits).</summary>
    public LimiterPool Limiters => _limiters;

    /// <summary>
    /// Runs the plan. <paramref name="resolver"/> gives each resource's final spec just before it runs
    /// (default: <see cref="SpecResolvers.Markers"/>). Throws <see cref="PlanRejectedException"/> for a plan with
    /// errors or a stale one, <see cref="StackLockedException"/> when another apply holds the stack, and
    /// <see cref="CloudUnavailableException"/> (before writing anything) when a cloud it acts on cannot be used.
    /// </summary>
    public async Task<ApplyResult> ApplyAsync(Plan plan, SpecResolver? resolver = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.HasErrors)
        {
            throw new PlanRejectedException(PlanCodes.PlanHasErrors,
                $"The plan for stack '{plan.Stack}' has errors: {string.Join("; ", plan.Diagnostics.Select(d => d.Message))}");
        }

        // Every cloud the plan acts on must be usable before anything (lease, stack status, event) is written.
        await CloudUnavailableException.ThrowIfAnyUnavailableAsync(_drivers, CloudUnavailableException.UsesOf(plan),
            cancellationToken).ConfigureAwait(false);
        var run = new ApplyRun(_state, _drivers, _schemas, _options, _limiters, plan, resolver ?? SpecResolvers.Markers);
        return await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }
}
