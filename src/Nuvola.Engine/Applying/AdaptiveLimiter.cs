namespace Nuvola.Engine.Applying;

/// <summary>How a call ended, as far as the limiter is concerned.</summary>
public enum CallSignal
{
    /// <summary>It succeeded: the limit grows by 1/limit (additive increase), up to the configured maximum.</summary>
    Success,

    /// <summary>It failed for a reason that says nothing of load: the limit stays.</summary>
    Neutral,

    /// <summary>The cloud said 429 or 503: the limit halves (multiplicative decrease), once per congestion event.</summary>
    Throttled,
}

/// <summary>
/// Bounds the calls in flight to one cloud and adapts the bound (AIMD, as TCP does): it starts at the configured
/// maximum, halves when the cloud throttles and grows back by one per "window" of successes. A Retry-After pauses
/// every new call until it has passed. Waiters start in arrival order.
/// </summary>
public sealed class AdaptiveLimiter
{
    private readonly object _lock = new();
    private readonly Queue<TaskCompletionSource<long>> _waiters = new();
    private readonly TimeProvider _time;
    private double _limit;
    private int _inFlight;
    private long _generation;
    private DateTimeOffset _pausedUntil;
    private ITimer? _timer;

    public AdaptiveLimiter(int maximum, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, 1);
        Maximum = maximum;
        _limit = maximum;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The configured bound: calls in flight never exceed it.</summary>
    public int Maximum { get; }

    /// <summary>The current bound (between 1 and <see cref="Maximum"/>).</summary>
    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return CurrentLimit;
            }
        }
    }

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>The most calls that were ever in flight at once.</summary>
    public int PeakInFlight { get; private set; }

    private int CurrentLimit => Math.Max(1, (int)Math.Floor(_limit));

    /// <summary>Waits for a slot; the returned ticket goes back to <see cref="Release"/>.</summary>
    public Task<long> AcquireAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_waiters.Count == 0 && CanStart())
            {
                return Task.FromResult(Start());
            }

            var waiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (cancellationToken.CanBeCanceled)
            {
                cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            }

            _waiters.Enqueue(waiter);
            ScheduleWakeUp();
            return waiter.Task;
        }
    }

    /// <summary>Gives a slot back and tells how the call went (<paramref name="retryAfter"/>: the cloud's Retry-After).</summary>
    public void Release(long ticket, CallSignal signal, TimeSpan? retryAfter = null)
    {
        lock (_lock)
        {
            _inFlight--;
            switch (signal)
            {
                case CallSignal.Success:
                    _limit = Math.Min(Maximum, _limit + (1.0 / _limit));
                    break;
                case CallSignal.Throttled when ticket == _generation:
                    _limit = Math.Max(1, _limit / 2);
                    _generation++;
                    break;
                default:
                    break;
            }

            if (retryAfter is { } wait && wait > TimeSpan.Zero)
            {
                var until = _time.GetUtcNow() + wait;
                if (until > _pausedUntil)
                {
                    _pausedUntil = until;
                }
            }

            Pump();
        }
    }

    private bool CanStart() => _inFlight < CurrentLimit && _time.GetUtcNow() >= _pausedUntil;

    private long Start()
    {
        _inFlight++;
        PeakInFlight = Math.Max(PeakInFlight, _inFlight);
        return _generation;
    }

    private void Pump()
    {
        while (_waiters.Count > 0 && CanStart())
        {
            var waiter = _waiters.Dequeue();
            var ticket = Start();
            if (!waiter.TrySetResult(ticket))
            {
                _inFlight--;
            }
        }

        ScheduleWakeUp();
    }

    private void ScheduleWakeUp()
    {
        var now = _time.GetUtcNow();
        if (_waiters.Count == 0 || now >= _pausedUntil)
        {
            return;
        }

        _timer?.Dispose();
        _timer = _time.CreateTimer(_ =>
        {
            lock (_lock)
            {
                Pump();
            }
        }, null, _pausedUntil - now, Timeout.InfiniteTimeSpan);
    }
}
