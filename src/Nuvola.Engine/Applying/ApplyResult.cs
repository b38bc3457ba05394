using System.Collections.Immutable;
using Nuvola.Engine.Graph;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Applying;

/// <summary>Why one resource failed: the message (a <see cref="DriverException"/>'s names the call) and the request id.</summary>
public sealed record ResourceFailure(string LogicalName, string Type, string Message, string? RequestId = null);

/// <summary>
/// How an apply ended: the stack's final action and status, each resource's outcome, the failures, and whether a
/// rollback ran (and how it went).
/// </summary>
public sealed record ApplyResult(
    StackAction Action,
    StackStatus Status,
    ImmutableDictionary<string, WalkOutcome> Outcomes,
    ImmutableArray<ResourceFailure> Failures,
    bool RolledBack,
    bool Cancelled)
{
    public bool Succeeded => Status == StackStatus.Complete && Action != StackAction.Rollback;
}
