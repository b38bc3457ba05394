namespace Nuvola.Cloud.Compute.Servers;

/// <summary>One action taken on a server (os-instance-actions), keyed by the request id that asked for it.</summary>
public sealed record InstanceActionRecord(
    string RequestId,
    string InstanceId,
    string Action,
    string UserId,
    string ProjectId,
    DateTimeOffset StartTime,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<InstanceActionEvent> Events,
    string? Message = null);

/// <summary>A step of an action; FinishTime and Result stay null until it ends.</summary>
public sealed record InstanceActionEvent(string Event, DateTimeOffset StartTime, DateTimeOffset? FinishTime, string? Result, string? Traceback = null);
