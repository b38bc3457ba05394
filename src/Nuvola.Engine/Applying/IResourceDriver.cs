namespace Nuvola.Engine.Applying;

/// <summary>
/// The contract between the engine and a cloud API family (OpenStack first; EC2 and CloudStack later).
/// A driver owns its HTTP client, authentication, catalogue and error mapping, and one handler per resource
/// type. Every operation waits until the object is usable (e.g. a server ACTIVE) or has failed, and reports
/// failures as <see cref="DriverException"/> only (anything else counts as a non-transient failure).
/// Operations may be called concurrently, up to the engine's limit for <see cref="ConcurrencyKey"/>.
/// </summary>
public interface IResourceDriver
{
    /// <summary>
    /// Which limiter this driver's calls share: one per cloud endpoint and account, e.g. "openstack:fg-cloud".
    /// The engine bounds and adapts concurrency per key.
    /// </summary>
    string ConcurrencyKey { get; }

    /// <summary>Whether this driver handles resources of <paramref name="type"/> (e.g. OS::Nova::Server).</summary>
    bool Supports(string type);

    /// <summary>Creates the object, tagged with <see cref="ResourceSpec.Tags"/>, and waits until it is ready.</summary>
    Task<ResourceSnapshot> CreateAsync(ResourceSpec spec, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the object in place to match <paramref name="spec"/>; <paramref name="current"/> is what the engine
    /// recorded last. Called only with changes the type's schema marks updatable.
    /// </summary>
    Task<ResourceSnapshot> UpdateAsync(ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken = default);

    /// <summary>Deletes the object and waits until it is gone. Idempotent: an object already gone is a success.</summary>
    Task DeleteAsync(string type, string physicalId, CancellationToken cancellationToken = default);

    /// <summary>Reads the object as the cloud has it now; null when it is gone (used for drift and adoption).</summary>
    Task<ResourceSnapshot?> ReadAsync(string type, string physicalId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every object of this driver's types tagged with <paramref name="stack"/> (the <see cref="EngineTags"/>), so
    /// that the engine can adopt or remove what a killed run created but never recorded.
    /// </summary>
    Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(string stack, CancellationToken cancellationToken = default);
}
