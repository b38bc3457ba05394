using Nuvola.Engine.Applying;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Planning;

/// <summary>Reads every recorded resource from its cloud (<see cref="IResourceDriver.ReadAsync"/>) for a drift plan.</summary>
public static class DriftReader
{
    /// <summary>
    /// The cloud's view of each recorded resource that has a physical id and a driver: null when gone. Reads run
    /// in parallel, at most <paramref name="parallelism"/> at a time.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, ResourceSnapshot?>> ReadAsync(
        IReadOnlyList<ResourceRecord> recorded, IDriverRegistry drivers, int parallelism = 10,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(drivers);
        var result = new System.Collections.Concurrent.ConcurrentDictionary<string, ResourceSnapshot?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            recorded.Where(r => r.PhysicalId is not null && r.Status != ResourceStatus.Deposed),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (r, ct) =>
            {
                if (drivers.Find(r.Type) is { } driver)
                {
                    result[r.LogicalName] = await driver.ReadAsync(r.Type, r.PhysicalId!, ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        return result;
    }
}
