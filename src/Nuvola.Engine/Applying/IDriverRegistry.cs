namespace Nuvola.Engine.Applying;

/// <summary>How the engine finds the driver of a resource type; the engine never references a driver assembly.</summary>
public interface IDriverRegistry
{
    /// <summary>The driver for <paramref name="type"/>, or null when no driver handles it.</summary>
    IResourceDriver? Find(string type);

    /// <summary>Every registered driver (to look for orphans).</summary>
    IReadOnlyList<IResourceDriver> All { get; }
}

/// <summary>A registry over a list of drivers: the first that supports a type wins.</summary>
public sealed class DriverRegistry(IEnumerable<IResourceDriver> drivers) : IDriverRegistry
{
    private readonly IReadOnlyList<IResourceDriver> _drivers = [.. drivers];

    public IReadOnlyList<IResourceDriver> All => _drivers;

    public IResourceDriver? Find(string type) => _drivers.FirstOrDefault(d => d.Supports(type));
}
