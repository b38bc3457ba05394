using Nuvola.Engine.Applying;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Planning;

/// <summary>Reads every recorded resource from its cloud (<see cref="IResourceDriver.ReadAsync"/>) for a drift plan.</summary>
public static class DriftReader
{
    /// <summary>
    /// The cloud's view of each recorded resource that has a physical id and a driver: null when gone. Each is read
    /// from the cloud it was recorded in (so a 404 from another cloud never reads as "gone"); a cloud that cannot be
    /// used stops the refresh first (<see cref="CloudUnavailableException"/>). Reads run in parallel, at most
    /// <paramref name="parallelism"/> at a time.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, ResourceSnapshot?>> ReadAsync(
        IReadOnlyList<ResourceRecord> recorded, IDriverRegistry drivers, int parallelism = 10,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(drivers);
        var read = recorded.Where(r => r.PhysicalId is not null && r.Status != ResourceStatus.Deposed).ToList();
        await CloudUnavailableException.ThrowIfAnyUnavailableAsync(drivers,
            read.Select(r => (r.Cloud, r.Type, r.LogicalName)), cancellationToken).ConfigureAwait(false);
        var result = new System.Collections.Concurrent.ConcurrentDictionary<string, ResourceSnapshot?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            read,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (r, ct) =>
            {
                if (drivers.Find(r.Cloud, r.Type) is { } driver)
                {
                    result[r.LogicalName] = await driver.ReadAsync(r.Type, r.PhysicalId!, ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        return result;
    }
}
