namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>Polls until a condition holds or a deadline passes (intervals double from PollInterval to MaxPollInterval).</summary>
internal sealed class Waiter(OpenStackDriverOptions options)
{
    /// <summary>
    /// Calls <paramref name="poll"/> until it returns true; on the deadline throws a non-transient
    /// <see cref="Session.OpenStackApiException"/> saying what was awaited and the last state seen.
    /// </summary>
    public async Task UntilAsync(Func<CancellationToken, Task<(bool Done, string State)>> poll, TimeSpan timeout,
        string subject, string what, string? physicalId, CancellationToken cancellationToken)
    {
        var time = options.Time;
        var deadline = time.GetUtcNow() + timeout;
        var interval = options.PollInterval;
        while (true)
        {
            var (done, state) = await poll(cancellationToken).ConfigureAwait(false);
            if (done)
            {
                return;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new Session.OpenStackApiException(subject, $"waiting for {what}", null,
                    $"timed out after {timeout.TotalSeconds:0} s waiting for {what} (last state: {state})", isTransient: false)
                {
                    PhysicalId = physicalId,
                };
            }

            // The cloud's slot is not held while only waiting (see CallSlot).
            await Engine.Applying.CallSlot.DelayAsync(interval, time, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, options.MaxPollInterval.Ticks));
        }
    }
}
