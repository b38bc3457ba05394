using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nuvola.Engine.State;

/// <summary>The last operation run on a stack (Heat's stack action).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StackAction>))]
public enum StackAction
{
    Create,
    Update,
    Delete,
    Rollback,
}

/// <summary>How an operation ended (Heat's stack status).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StackStatus>))]
public enum StackStatus
{
    InProgress,
    Complete,
    Failed,
}

/// <summary>A stack as recorded. <paramref name="Version"/> grows with every change to the stack or its resources.</summary>
public sealed record StackRecord(
    string Name,
    string Id,
    StackAction Action,
    StackStatus Status,
    string? StatusReason,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Where a recorded resource stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ResourceStatus>))]
public enum ResourceStatus
{
    /// <summary>Created or updated as recorded.</summary>
    Ready,

    /// <summary>Exists in the cloud but its last operation failed; the next plan replaces or updates it.</summary>
    Failed,

    /// <summary>An old object left by a replace whose delete did not happen; the next plan deletes it.</summary>
    Deposed,
}

/// <summary>
/// One resource as recorded. <paramref name="Properties"/> are those last applied (resolved);
/// <paramref name="Attributes"/> what the driver returned. Top-level names in <paramref name="SecretKeys"/>
/// (of properties and of attributes) are encrypted at rest. <paramref name="Version"/> is the optimistic
/// concurrency version: 0 for a record not yet stored; a put succeeds only if the stored version still matches.
/// <paramref name="Cloud"/> is the target the object lives in (<see cref="Clouds.CloudTarget.Key"/>): every later
/// read, update or delete goes there. Null only for state written before clouds were recorded.
/// </summary>
public sealed record ResourceRecord(
    string LogicalName,
    string Type,
    string? PhysicalId,
    JsonElement Properties,
    JsonElement Attributes,
    ResourceStatus Status,
    ImmutableDictionary<string, string> Tags,
    ImmutableArray<string> DependsOn,
    ImmutableArray<string> SecretKeys,
    long Version = 0,
    string? StatusReason = null,
    string? Cloud = null);

/// <summary>What an event is about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventAction>))]
public enum EventAction
{
    Create,
    Update,
    Replace,
    Delete,
    Adopt,
    Rollback,
    Stack,
}

/// <summary>How far the action got.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventStatus>))]
public enum EventStatus
{
    InProgress,
    Complete,
    Failed,
    Retrying,
    Skipped,
    Cancelled,
}

/// <summary>
/// One recorded event. <paramref name="Id"/> is assigned by the store (0 before) and grows; events of a stack are
/// paged by it. Stack-level events have the stack's name as <paramref name="LogicalName"/> and type "stack".
/// <paramref name="Cloud"/>: the target the resource lives in (null for stack events).
/// </summary>
public sealed record EngineEvent(
    long Id,
    string Stack,
    string LogicalName,
    string ResourceType,
    EventAction Action,
    EventStatus Status,
    string? Reason,
    DateTimeOffset Time,
    string? RequestId = null,
    string? PhysicalId = null,
    string? Cloud = null);

/// <summary>A page of events, oldest first; pass <paramref name="NextAfter"/> to get the next page (null at the end).</summary>
public sealed record EventPage(ImmutableArray<EngineEvent> Events, long? NextAfter);

/// <summary>
/// A stack output; a secret one is encrypted at rest. <paramref name="Error"/>: why its value could not be computed
/// (Heat's output_error); the value is then null.
/// </summary>
public sealed record OutputRecord(string Name, JsonElement Value, string? Description = null, bool Secret = false,
    string? Error = null);

/// <summary>A plan kept with the stack (its JSON as <see cref="Planning.Plan.ToJson"/> writes it).</summary>
public sealed record PlanRecord(string Id, string Stack, DateTimeOffset CreatedAt, string Json);

/// <summary>A held lock on a stack: only its holder may apply until it is released or expires.</summary>
public sealed record StackLease(string Stack, string LeaseId, string Holder, DateTimeOffset ExpiresAt);
