using Nuvola.Engine.Planning;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Applying;

/// <summary>How an apply runs.</summary>
public sealed record ApplyOptions
{
    /// <summary>On failure, delete what this apply created and restore what it changed (Heat's rollback).</summary>
    public bool Rollback { get; init; }

    /// <summary>Calls in flight per cloud; shared pool of limiters (default: 10 per concurrency key).</summary>
    public LimiterPool? Limiters { get; init; }

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>Look for objects tagged with the stack but not recorded (left by a killed run) and adopt them.</summary>
    public bool AdoptOrphans { get; init; } = true;

    /// <summary>
    /// Who holds the stack's lock, shown to a second apply (default: <see cref="LeaseHolder.ForThisProcess"/>). A
    /// holder in that form whose process is gone (killed) is taken over at once by the next apply on the same host.
    /// </summary>
    public string Holder { get; init; } = LeaseHolder.ForThisProcess();

    /// <summary>How long the lock lasts without renewal; it is renewed every third of it while the apply runs.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(2);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The jitter's source (seed it in tests).</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>
    /// Awaited when the walk reaches a resource the plan leaves unchanged (once its dependencies are done), before
    /// its dependents start: where a caller pauses at an unchanged resource (Heat's pre-update hook fires for it too).
    /// </summary>
    public Func<PlannedChange, CancellationToken, ValueTask>? BeforeUnchanged { get; init; }

    /// <summary>Told of every event as it is recorded (live progress).</summary>
    public Action<EngineEvent>? OnEvent { get; init; }
}
