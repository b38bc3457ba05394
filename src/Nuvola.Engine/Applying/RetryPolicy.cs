namespace Nuvola.Engine.Applying;

/// <summary>
/// Retries of transient driver errors: up to <paramref name="MaxAttempts"/> calls in all, waiting a random time
/// between half and all of min(<paramref name="MaxDelay"/>, <paramref name="BaseDelay"/> × 2^(attempt−1))
/// ("equal jitter"), and never less than the cloud's Retry-After.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static RetryPolicy Default { get; } = new(6, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    public static RetryPolicy None { get; } = new(1, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>How long to wait after failed attempt <paramref name="attempt"/> (from 1).</summary>
    public TimeSpan DelayAfter(int attempt, TimeSpan? retryAfter, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(MaxDelay.TotalMilliseconds, exponential);
        var jittered = (capped / 2) + (random.NextDouble() * capped / 2);
        var delay = TimeSpan.FromMilliseconds(jittered);
        return retryAfter is { } ra && ra > delay ? ra : delay;
    }
}
