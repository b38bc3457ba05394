using System.Collections.Concurrent;

namespace Nuvola.Engine.Applying;

/// <summary>
/// One <see cref="AdaptiveLimiter"/> per concurrency key (a cloud). Share one pool between applies that target
/// the same clouds (e.g. every stack of the Heat service) so that their calls count together.
/// </summary>
public sealed class LimiterPool(int defaultMaximum = 10, IReadOnlyDictionary<string, int>? maximumByKey = null,
    TimeProvider? timeProvider = null)
{
    private readonly ConcurrentDictionary<string, AdaptiveLimiter> _limiters = new(StringComparer.Ordinal);

    public AdaptiveLimiter For(string key) => _limiters.GetOrAdd(key, k =>
        new AdaptiveLimiter(maximumByKey is not null && maximumByKey.TryGetValue(k, out var max) ? max : defaultMaximum,
            timeProvider));
}
