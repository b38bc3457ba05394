using System.Collections.Concurrent;
using Nuvola.Engine.Applying;

namespace Nuvola.Stacks.Planning;

/// <summary>
/// The drivers of one run: the internal driver for OS::Heat::* and nested-stack nodes, then the cloud's. Each is
/// wrapped so that a delete of a resource whose deletion_policy is Retain only forgets it (the mark is a tag in
/// state, never sent to the cloud), and a delete waits on a pre-delete hook first.
/// </summary>
internal sealed class StackDrivers : IDriverRegistry
{
    private readonly IResourceDriver _internal;
    private readonly IDriverRegistry _cloud;
    private readonly Func<string, string?> _retainedOrHooked;
    private readonly Func<string, string, CancellationToken, ValueTask> _beforeDelete;
    private readonly ConcurrentDictionary<IResourceDriver, IResourceDriver> _wrapped = new();

    /// <param name="internalDriver">The internal driver.</param>
    /// <param name="cloud">The cloud drivers.</param>
    /// <param name="retainedOrHooked">
    /// For a physical id: "retain" (do not delete), a logical name (call <paramref name="beforeDelete"/> first) or null.
    /// </param>
    /// <param name="beforeDelete">Awaited before deleting the named resource (pre-delete hook).</param>
    public StackDrivers(IResourceDriver internalDriver, IDriverRegistry cloud, Func<string, string?> retainedOrHooked,
        Func<string, string, CancellationToken, ValueTask> beforeDelete)
    {
        _internal = internalDriver;
        _cloud = cloud;
        _retainedOrHooked = retainedOrHooked;
        _beforeDelete = beforeDelete;
    }

    public const string Retain = "\u0000retain";

    public IResourceDriver? Find(string? cloud, string type) =>
        _internal.Supports(type) ? Wrap(_internal) : _cloud.Find(cloud, type) is { } d ? Wrap(d) : null;

    // The internal types run here whatever cloud their scope is on.
    public Task<string?> CheckAsync(string? cloud, string type, CancellationToken cancellationToken = default) =>
        _internal.Supports(type) ? Task.FromResult<string?>(null) : _cloud.CheckAsync(cloud, type, cancellationToken);

    private IResourceDriver Wrap(IResourceDriver driver) => _wrapped.GetOrAdd(driver, d => new Guarded(d, this));

    private sealed class Guarded(IResourceDriver inner, StackDrivers owner) : IResourceDriver
    {
        public string ConcurrencyKey => inner.ConcurrencyKey;

        public bool Supports(string type) => inner.Supports(type);

        public Task<ResourceSnapshot> CreateAsync(ResourceSpec spec, CancellationToken cancellationToken = default) =>
            spec.Tags.TryGetValue(StackService.ExternalIdTag, out var external)
                ? ReadExternalAsync(spec, external, cancellationToken)
                : inner.CreateAsync(Clean(spec), cancellationToken);

        public Task<ResourceSnapshot> UpdateAsync(ResourceSpec spec, ResourceSnapshot current,
            CancellationToken cancellationToken = default) =>
            spec.Tags.TryGetValue(StackService.ExternalIdTag, out var external)
                ? ReadExternalAsync(spec, external, cancellationToken)
                : inner.UpdateAsync(Clean(spec), current, cancellationToken);

        // An external resource is the cloud's object as it is: read, never created or changed (nor deleted: Retain).
        private async Task<ResourceSnapshot> ReadExternalAsync(ResourceSpec spec, string id, CancellationToken cancellationToken) =>
            await inner.ReadAsync(spec.Type, id, cancellationToken).ConfigureAwait(false)
            ?? throw new DriverException($"{spec.Type} '{spec.LogicalName}': the external resource {id} was not found.");

        // The deletion-policy and external-id marks stay in state; the cloud object carries only the engine's own tags.
        private static ResourceSpec Clean(ResourceSpec spec) =>
            spec.Tags.ContainsKey(StackService.DeletionPolicyTag) || spec.Tags.ContainsKey(StackService.ExternalIdTag)
                ? spec with { Tags = spec.Tags.Remove(StackService.DeletionPolicyTag).Remove(StackService.ExternalIdTag) }
                : spec;

        public async Task DeleteAsync(string type, string physicalId, CancellationToken cancellationToken = default)
        {
            switch (owner._retainedOrHooked(physicalId))
            {
                case Retain:
                    return;
                case { } name:
                    await owner._beforeDelete(name, type, cancellationToken).ConfigureAwait(false);
                    break;
            }

            await inner.DeleteAsync(type, physicalId, cancellationToken).ConfigureAwait(false);
        }

        public Task<ResourceSnapshot?> ReadAsync(string type, string physicalId, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(type, physicalId, cancellationToken);

        public Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(string stack, CancellationToken cancellationToken = default) =>
            inner.FindTaggedAsync(stack, cancellationToken);
    }
}
