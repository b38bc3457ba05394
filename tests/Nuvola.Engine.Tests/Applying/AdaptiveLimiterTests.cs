using Microsoft.Extensions.Time.Testing;
using Nuvola.Engine.Applying;

namespace Nuvola.Engine.Tests.Applying;

public sealed class AdaptiveLimiterTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task Throttle_HalvesTheLimit_OncePerCongestionEvent_AndSuccessesGrowItBack()
    {
        var limiter = new AdaptiveLimiter(8, _clock);
        var tickets = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            tickets.Add(await limiter.AcquireAsync());
        }

        var ninth = limiter.AcquireAsync();
        Assert.False(ninth.IsCompleted);

        // three calls of the same burst are throttled: one decrease, not three
        limiter.Release(tickets[0], CallSignal.Throttled);
        limiter.Release(tickets[1], CallSignal.Throttled);
        limiter.Release(tickets[2], CallSignal.Throttled);
        Assert.Equal(4, limiter.Limit);
        Assert.False(ninth.IsCompleted); // 5 in flight > 4

        limiter.Release(tickets[3], CallSignal.Neutral);
        limiter.Release(tickets[4], CallSignal.Neutral);
        Assert.True(ninth.IsCompleted); // 3 in flight < 4: the waiter starts
        Assert.Equal(4, limiter.InFlight);
        foreach (var ticket in tickets.Skip(5).Append(await ninth))
        {
            limiter.Release(ticket, CallSignal.Neutral);
        }

        Assert.Equal(4, limiter.Limit);

        // additive increase: about one per window of `limit` successes
        for (var i = 0; i < 40; i++)
        {
            limiter.Release(await limiter.AcquireAsync().WaitAsync(TimeSpan.FromSeconds(30)), CallSignal.Success);
        }

        Assert.Equal(8, limiter.Limit);
        Assert.Equal(8, limiter.PeakInFlight);
    }

    [Fact]
    public async Task RetryAfter_PausesEveryNewCall_UntilTheCloudsTimeHasPassed()
    {
        var limiter = new AdaptiveLimiter(4, _clock);
        var t = await limiter.AcquireAsync();
        limiter.Release(t, CallSignal.Throttled, TimeSpan.FromSeconds(10));

        var next = limiter.AcquireAsync();
        Assert.False(next.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(next.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, limiter.Limit);
    }

    [Fact]
    public async Task Limit_NeverGoesBelowOne()
    {
        var limiter = new AdaptiveLimiter(2, _clock);
        for (var i = 0; i < 5; i++)
        {
            limiter.Release(await limiter.AcquireAsync(), CallSignal.Throttled);
        }

        Assert.Equal(1, limiter.Limit);
        limiter.Release(await limiter.AcquireAsync(), CallSignal.Success);
    }

    [Fact]
    public void RetryDelay_GrowsExponentially_WithJitter_UpToTheCap_AndHonoursRetryAfter()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var random = new Random(42);
        for (var attempt = 1; attempt <= 9; attempt++)
        {
            var ceiling = Math.Min(30, Math.Pow(2, attempt - 1));
            for (var k = 0; k < 50; k++)
            {
                var d = policy.DelayAfter(attempt, null, random).TotalSeconds;
                Assert.InRange(d, ceiling / 2, ceiling);
            }
        }

        Assert.Equal(TimeSpan.FromSeconds(45), policy.DelayAfter(1, TimeSpan.FromSeconds(45), random));
    }
}
