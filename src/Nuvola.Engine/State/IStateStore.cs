namespace Nuvola.Engine.State;

/// <summary>
/// Durable state of stacks: one interface, SQLite (<see cref="SqliteStateStore"/>, a file per working or data
/// directory, the default) and PostgreSQL (<see cref="PostgresStateStore"/>, for teams). Writes are atomic and
/// optimistic: a stale version raises <see cref="StateConflictException"/>. Secrets are encrypted before they reach
/// the database. Safe for concurrent use.
/// </summary>
public interface IStateStore : IAsyncDisposable
{
    /// <summary>Returns the stack, creating it (version 1) when it does not exist.</summary>
    Task<StackRecord> EnsureStackAsync(string name, CancellationToken cancellationToken = default);

    Task<StackRecord?> GetStackAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StackRecord>> ListStacksAsync(CancellationToken cancellationToken = default);

    /// <summary>Saves action/status/reason if <paramref name="stack"/>.Version is current; returns it with the next version.</summary>
    Task<StackRecord> UpdateStackAsync(StackRecord stack, CancellationToken cancellationToken = default);

    /// <summary>Removes the stack with its resources, events, outputs, plans and lease.</summary>
    Task DeleteStackAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ResourceRecord>> GetResourcesAsync(string stack, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts (Version 0) or replaces (Version = the stored one) a resource; returns it with its new version.
    /// Bumps the stack's version.
    /// </summary>
    Task<ResourceRecord> PutResourceAsync(string stack, ResourceRecord resource,
        CancellationToken cancellationToken = default);

    /// <summary>Forgets a resource (no error when absent). Bumps the stack's version.</summary>
    Task DeleteResourceAsync(string stack, string logicalName, CancellationToken cancellationToken = default);

    /// <summary>Appends an event; returns it with its id.</summary>
    Task<EngineEvent> AppendEventAsync(EngineEvent engineEvent, CancellationToken cancellationToken = default);

    /// <summary>Events with an id greater than <paramref name="after"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<EventPage> GetEventsAsync(string stack, long? after = null, int limit = 100,
        CancellationToken cancellationToken = default);

    /// <summary>Replaces every output of the stack.</summary>
    Task SetOutputsAsync(string stack, IReadOnlyList<OutputRecord> outputs,
        CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OutputRecord>> GetOutputsAsync(string stack, CancellationToken cancellationToken = default);

    Task SavePlanAsync(PlanRecord plan, CancellationToken cancellationToken = default);

    Task<PlanRecord?> GetPlanAsync(string stack, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the stack's lock for <paramref name="ttl"/>. Throws <see cref="StackLockedException"/> naming the
    /// holder when another unexpired lease exists; an expired lease is taken over.
    /// </summary>
    Task<StackLease> AcquireLeaseAsync(string stack, string holder, TimeSpan ttl,
        CancellationToken cancellationToken = default);

    /// <summary>Extends a lease; throws <see cref="LeaseLostException"/> when it expired and someone else took it.</summary>
    Task<StackLease> RenewLeaseAsync(StackLease lease, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the stack's lease if <paramref name="holder"/> still holds it (a holder known to be dead, see
    /// <see cref="LeaseHolder.IsDeadLocalProcess"/>); false when the lease is gone or someone else holds it now.
    /// </summary>
    Task<bool> BreakLeaseAsync(string stack, string holder, CancellationToken cancellationToken = default);

    /// <summary>Releases a lease (no error when already gone).</summary>
    Task ReleaseLeaseAsync(StackLease lease, CancellationToken cancellationToken = default);
}
