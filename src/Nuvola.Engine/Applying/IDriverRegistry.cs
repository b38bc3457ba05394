namespace Nuvola.Engine.Applying;

/// <summary>
/// How the engine finds the driver of a resource: by its cloud target (<see cref="Clouds.CloudTarget.Key"/>, as
/// planned or recorded) and type. Drivers are made per target, so a resource is only ever read, changed or deleted
/// through the cloud it lives in. The engine never references a driver assembly.
/// </summary>
public interface IDriverRegistry
{
    /// <summary>The driver for resources of <paramref name="type"/> on <paramref name="cloud"/>, or null when none handles them.</summary>
    IResourceDriver? Find(string? cloud, string type);

    /// <summary>
    /// Whether resources of <paramref name="type"/> on <paramref name="cloud"/> can be acted on now (the cloud is
    /// configured, its credentials are there, it answers): null when they can, else why not. Called before an apply
    /// or a refresh changes anything.
    /// </summary>
    Task<string?> CheckAsync(string? cloud, string type, CancellationToken cancellationToken = default);
}

/// <summary>A registry over fixed drivers per target: the first of a target's drivers that supports a type wins.</summary>
public sealed class DriverRegistry : IDriverRegistry
{
    private readonly IReadOnlyList<(string? Cloud, IResourceDriver Driver)> _drivers;

    /// <summary>Drivers of one target (<paramref name="cloud"/>; null: the unnamed target of a single-cloud run).</summary>
    public DriverRegistry(IEnumerable<IResourceDriver> drivers, string? cloud = null)
        : this(drivers.Select(d => (cloud, d)))
    {
    }

    /// <summary>Drivers of several targets.</summary>
    public DriverRegistry(IEnumerable<(string? Cloud, IResourceDriver Driver)> drivers) => _drivers = [.. drivers];

    public IResourceDriver? Find(string? cloud, string type) =>
        _drivers.FirstOrDefault(d => d.Cloud == cloud && d.Driver.Supports(type)).Driver;

    public Task<string?> CheckAsync(string? cloud, string type, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(cloud, type) is null && _drivers.All(d => d.Cloud != cloud)
            ? $"no cloud named '{cloud}' is configured"
            : null);
}
