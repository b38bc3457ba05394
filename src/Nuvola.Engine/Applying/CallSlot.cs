namespace Nuvola.Engine.Applying;

/// <summary>
/// A driver operation runs holding one of its cloud's slots (<see cref="AdaptiveLimiter"/>): the limit bounds the
/// calls in flight. Much of an operation is waiting (a server in BUILD, a volume in creating), which costs the cloud
/// nothing; a driver waits through <see cref="WaitAsync"/> so that the slot is given back for the wait and taken
/// again after, and a thousand servers can boot at once while only the configured number of calls is ever in flight.
/// Outside an engine call (tests, tools) the wait simply runs.
/// </summary>
public static class CallSlot
{
    private static readonly AsyncLocal<Holder?> Current = new();

    /// <summary>Runs <paramref name="wait"/> without holding the current operation's slot, then takes a slot again.</summary>
    public static async Task WaitAsync(Func<CancellationToken, Task> wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wait);
        var holder = Current.Value;
        if (holder is null || !holder.Suspend())
        {
            await wait(cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await wait(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await holder.ResumeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A delay (poll interval) that does not hold the slot.</summary>
    public static Task DelayAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken = default) =>
        WaitAsync(ct => Task.Delay(delay, time, ct), cancellationToken);

    /// <summary>Makes <paramref name="ticket"/> of <paramref name="limiter"/> the slot of the calling flow.</summary>
    internal static Holder Enter(AdaptiveLimiter limiter, long ticket)
    {
        var holder = new Holder(limiter, ticket);
        Current.Value = holder;
        return holder;
    }

    internal static void Exit() => Current.Value = null;

    /// <summary>One operation's slot: held, given back for a wait, or released at the end (exactly once).</summary>
    internal sealed class Holder(AdaptiveLimiter limiter, long ticket)
    {
        private readonly object _lock = new();
        private long _ticket = ticket;
        private bool _held = true;

        public bool Suspend()
        {
            lock (_lock)
            {
                if (!_held)
                {
                    return false;
                }

                _held = false;
            }

            limiter.Release(_ticket, CallSignal.Neutral);
            return true;
        }

        public async Task ResumeAsync(CancellationToken cancellationToken)
        {
            var ticket = await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                _ticket = ticket;
                _held = true;
            }
        }

        /// <summary>Gives the slot back at the end of the operation, if it is held.</summary>
        public void Release(CallSignal signal, TimeSpan? retryAfter = null)
        {
            lock (_lock)
            {
                if (!_held)
                {
                    return;
                }

                _held = false;
            }

            limiter.Release(_ticket, signal, retryAfter);
        }
    }
}
