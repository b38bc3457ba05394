using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nuvola.Engine.Applying;
using Nuvola.Engine.Planning;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Tests.Applying;

public sealed class ApplierTests
{
    private static DesiredResource R(string name, string type, string props, params string[] deps) =>
        Harness.Resource(name, type, props, deps);

    [Fact]
    public async Task GetResourceAndGetAttr_AreResolvedFromTheDependencyJustApplied()
    {
        await using var h = new Harness();
        var server = new DesiredResource("server", "Test::Server", JsonSerializer.SerializeToElement(new
        {
            name = "web",
            port = KnownAfterApply.Marker("port"),
            ip = KnownAfterApply.Marker("port", "address"),
        }), ["port"]);

        var result = await h.ApplyAsync([R("port", "Test::Port", """{"name":"p"}"""), server]);

        Assert.True(result.Succeeded);
        var port = h.Cloud.ByName("port")!;
        var props = h.Cloud.ByName("server")!.Properties;
        Assert.Equal(port.Id, props.GetProperty("port").GetString());
        Assert.StartsWith("10.0.0.", props.GetProperty("ip").GetString(), StringComparison.Ordinal);
        Assert.Equal(Harness.Stack, h.Cloud.ByName("server")!.Tags[EngineTags.Stack]);
    }

    [Fact]
    public async Task Rollback_RestoresUpdatedAndReplacedResources_AndDeletesCreatedOnes()
    {
        await using var h = new Harness();
        await h.ApplyAsync([R("web", "Test::Server", """{"name":"web","image":"debian-12"}"""),
            R("port", "Test::Port", """{"name":"p","network":"a"}"""), R("vol", "Test::Thing", """{"size":1}""")]);
        var before = h.Cloud.Objects.Values.ToDictionary(o => o.LogicalName, o => o.Properties.GetRawText());
        h.Cloud.Fault = (op, name, _) => op == "create" && name == "broken" ? FakeCloudDriver.Permanent(name) : null;

        var result = await h.ApplyAsync([
            R("web", "Test::Server", """{"name":"web","image":"debian-13"}"""), // replace, create before delete
            R("port", "Test::Port", """{"name":"p","network":"b"}"""), // replace, delete before create
            R("vol", "Test::Thing", """{"size":2}"""), // update in place
            R("extra", "Test::Thing", """{"size":3}"""),
            R("broken", "Test::Thing", "{}", "web", "port", "vol", "extra"),
        ], new ApplyOptions { Rollback = true, Retry = RetryPolicy.None });

        Assert.True(result.RolledBack);
        Assert.Equal(StackStatus.Complete, result.Status);
        Assert.Equal("broken", Assert.Single(result.Failures).LogicalName);
        var after = h.Cloud.Objects.Values.ToDictionary(o => o.LogicalName, o => o.Properties.GetRawText());
        Assert.Equal(before, after);
        var records = await h.RecordsAsync();
        Assert.Equal(["port", "vol", "web"], records.Keys.Order());
        Assert.All(records.Values, r => Assert.True(h.Cloud.Objects.ContainsKey(r.PhysicalId!)));
        Assert.Contains(await h.EventsAsync(), e => e.Action == EventAction.Rollback && e.Status == EventStatus.Complete);
        Assert.Equal(StackAction.Rollback, (await h.Store.GetStackAsync(Harness.Stack))!.Action);
    }

    [Fact]
    public async Task FailedCreateThatLeavesAnObject_IsRecordedFailed_AndReplacedByTheNextApply()
    {
        await using var h = new Harness();
        h.Cloud.Fault = (op, name, attempt) => op == "create" && attempt == 1
            ? new DriverException("POST /servers", 500, "No valid host was found", false, "req-1")
            {
                PhysicalId = h.Cloud.Plant("other-stack", name + "-error", "Test::Server").Id,
            }
            : null;

        var first = await h.ApplyAsync([R("web", "Test::Server", """{"name":"web"}""")]);
        var failed = (await h.RecordsAsync())["web"];
        h.Cloud.Fault = null;
        var plan = await h.PlanAsync([R("web", "Test::Server", """{"name":"web"}""")]);
        var second = await h.Applier().ApplyAsync(plan);

        Assert.Equal(StackStatus.Failed, first.Status);
        Assert.Equal(ResourceStatus.Failed, failed.Status);
        Assert.Contains("No valid host", failed.StatusReason);
        Assert.Equal(ChangeAction.Replace, plan.Changes[0].Action);
        Assert.True(second.Succeeded);
        Assert.Equal(["web"], h.Cloud.Objects.Values.Select(o => o.LogicalName));
    }

    [Fact]
    public async Task ObjectsLeftByAKilledRun_AreAdopted_NotDuplicated()
    {
        await using var h = new Harness();
        // a run created these, tagged, then died before recording them (twice for "b": a retried call)
        h.Cloud.Plant(Harness.Stack, "a", "Test::Thing", """{"size":1}""");
        h.Cloud.Plant(Harness.Stack, "b", "Test::Thing", """{"size":9}""");
        h.Cloud.Plant(Harness.Stack, "b", "Test::Thing", """{"size":9}""");

        var result = await h.ApplyAsync([R("a", "Test::Thing", """{"size":1}"""), R("b", "Test::Thing", """{"size":2}""", "a"),
            R("c", "Test::Thing", "{}", "b")]);

        Assert.True(result.Succeeded);
        Assert.Equal(["c"], h.Cloud.Created);
        Assert.Equal(["a", "b", "c"], h.Cloud.Objects.Values.Select(o => o.LogicalName).Order());
        Assert.Equal(2, h.Cloud.ByName("b")!.Properties.GetProperty("size").GetInt32());
        Assert.Equal(2, (await h.EventsAsync()).Count(e => e.Action == EventAction.Adopt && e.Status == EventStatus.Complete));
    }

    [Fact]
    public async Task TransientErrors_AreRetriedWithBackOff_OnTheFakeClock_HonouringRetryAfter()
    {
        var clock = new FakeTimeProvider();
        await using var h = new Harness(clock);
        h.Cloud.Fault = (op, _, attempt) => op == "create" && attempt <= 2
            ? FakeCloudDriver.Transient(attempt == 1 ? 429 : 503, attempt == 1 ? TimeSpan.FromSeconds(3) : null)
            : null;
        var options = new ApplyOptions
        {
            Retry = new RetryPolicy(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20)),
            Random = new Random(1),
            // the back-off timer exists when the event is told: advancing here releases it, no real waiting
            OnEvent = e =>
            {
                if (e.Status == EventStatus.Retrying)
                {
                    clock.Advance(TimeSpan.FromSeconds(20));
                }
            },
        };

        var applier = h.Applier(options);
        var result = await applier.ApplyAsync(await h.PlanAsync([R("a", "Test::Thing", "{}")]));

        Assert.True(result.Succeeded);
        var retries = (await h.EventsAsync()).Where(e => e.Status == EventStatus.Retrying).ToList();
        Assert.Equal(2, retries.Count);
        Assert.Contains("-> 429", retries[0].Reason);
        Assert.Contains("retrying in 3 s (attempt 2 of 5)", retries[0].Reason);
        Assert.Equal("req-busy", retries[0].RequestId);
        Assert.Equal(3, h.Cloud.Calls.Count(c => c.Op == "create"));
        // 10 halved by the 429, and again by the 503 (a new congestion event: its call started after the first decrease)
        Assert.Equal(2, applier.Limiters.For("fake:cloud").Limit);
    }

    [Fact]
    public async Task TransientErrors_StopAtTheCap_AndPermanentOnesAreNotRetried()
    {
        var clock = new FakeTimeProvider();
        await using var h = new Harness(clock);
        h.Cloud.Fault = (op, name, _) => op != "create" ? null
            : name == "busy" ? FakeCloudDriver.Transient() : FakeCloudDriver.Permanent(name);
        var options = new ApplyOptions
        {
            Retry = new RetryPolicy(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8)),
            OnEvent = e =>
            {
                if (e.Status == EventStatus.Retrying)
                {
                    clock.Advance(TimeSpan.FromSeconds(8));
                }
            },
        };

        var result = await h.ApplyAsync([R("busy", "Test::Thing", "{}"), R("bad", "Test::Thing", "{}")], options);

        Assert.Equal(StackStatus.Failed, result.Status);
        Assert.Equal(4, h.Cloud.Calls.Count(c => c.Name == "busy"));
        Assert.Equal(1, h.Cloud.Calls.Count(c => c.Name == "bad"));
        var failure = result.Failures.Single(f => f.LogicalName == "bad");
        Assert.Equal("req-bad", failure.RequestId);
        Assert.Contains("injected failure of bad", failure.Message);
    }

    [Fact]
    public async Task ConcurrencyBound_IsReached_AndNeverExceeded()
    {
        await using var h = new Harness();
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Cloud.Hold = () =>
        {
            if (h.Cloud.InFlight >= 3)
            {
                full.TrySetResult();
            }

            return gate.Task;
        };

        var apply = h.ApplyAsync(Enumerable.Range(0, 20).Select(i => R($"r{i}", "Test::Thing", "{}")),
            new ApplyOptions { Retry = RetryPolicy.None, Limiters = new LimiterPool(3) });
        await full.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(3, h.Cloud.InFlight);
        gate.SetResult();
        var result = await apply;

        Assert.True(result.Succeeded);
        Assert.Equal(3, h.Cloud.PeakInFlight);
        Assert.Equal(20, h.Cloud.Objects.Count);
    }

    [Fact]
    public async Task WaitsInsideAnOperation_DoNotHoldTheCloudsSlot_SoMoreOperationsWaitAtOnceThanTheLimit()
    {
        await using var h = new Harness();
        var limiters = new LimiterPool(2);
        var waiting = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Each create "boots": it waits until all 8 are waiting at once, which only happens if waits give the slot back.
        h.Cloud.Hold = () => CallSlot.WaitAsync(async ct =>
        {
            if (Interlocked.Increment(ref waiting) == 8)
            {
                all.TrySetResult();
            }

            await all.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        });

        var result = await h.ApplyAsync(Enumerable.Range(0, 8).Select(i => R($"s{i}", "Test::Thing", "{}")),
            new ApplyOptions { Retry = RetryPolicy.None, Limiters = limiters });

        Assert.True(result.Succeeded, string.Join("; ", result.Failures.Select(f => f.Message)));
        Assert.Equal(8, h.Cloud.Objects.Count);
        Assert.True(limiters.For(h.Cloud.ConcurrencyKey).PeakInFlight <= 2);
    }

    [Fact]
    public async Task SecondApplyOnTheSameStack_IsRefused_NamingTheHolder()
    {
        await using var h = new Harness();
        await h.Store.AcquireLeaseAsync(Harness.Stack, "alice on host1 pid 42", TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<StackLockedException>(() => h.ApplyAsync([R("a", "Test::Thing", "{}")]));

        Assert.Contains("alice on host1 pid 42", error.Message);
        Assert.Empty(h.Cloud.Objects);
    }

    [Fact]
    public async Task ALockHeldByAKilledProcessOfThisHost_IsTakenOverAtOnce_OthersAreNot()
    {
        await using var h = new Harness();
        using var gone = System.Diagnostics.Process.Start("true")!;
        await gone.WaitForExitAsync();
        var dead = $"nuvola on {Environment.MachineName} (pid {gone.Id})";
        await h.Store.AcquireLeaseAsync(Harness.Stack, dead, TimeSpan.FromMinutes(5));

        var result = await h.ApplyAsync([R("a", "Test::Thing", "{}")]);
        var events = await h.Store.GetEventsAsync(Harness.Stack);
        await using var live = new Harness();
        var parent = File.ReadAllText("/proc/self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var alive = $"nuvola on {Environment.MachineName} (pid {parent})";
        await live.Store.AcquireLeaseAsync(Harness.Stack, alive, TimeSpan.FromMinutes(5));
        var refused = await Assert.ThrowsAsync<StackLockedException>(() => live.ApplyAsync([R("a", "Test::Thing", "{}")]));

        Assert.True(result.Succeeded);
        Assert.Single(h.Cloud.Objects);
        Assert.Contains(events.Events, e => e.Reason == $"took over the lock of {dead}, which no longer runs");
        Assert.True(LeaseHolder.IsDeadLocalProcess(dead));
        Assert.False(LeaseHolder.IsDeadLocalProcess(LeaseHolder.ForThisProcess()));
        Assert.False(LeaseHolder.IsDeadLocalProcess("nuvola on elsewhere (pid 1)"));
        Assert.Equal(alive, refused.Holder);
        Assert.Empty(live.Cloud.Objects);
    }

    [Fact]
    public async Task StalePlan_AndPlanWithErrors_AreRefused()
    {
        await using var h = new Harness();
        var stale = await h.PlanAsync([R("a", "Test::Thing", "{}")]);
        await h.ApplyAsync([R("b", "Test::Thing", "{}")]);
        var broken = await h.PlanAsync([R("a", "Test::Thing", "{}", "a")]);

        var staleError = await Assert.ThrowsAsync<PlanRejectedException>(() => h.Applier().ApplyAsync(stale));
        var brokenError = await Assert.ThrowsAsync<PlanRejectedException>(() => h.Applier().ApplyAsync(broken));

        Assert.Equal(PlanCodes.StalePlan, staleError.Code);
        Assert.Equal(PlanCodes.PlanHasErrors, brokenError.Code);
        Assert.Equal(["b"], h.Cloud.Objects.Values.Select(o => o.LogicalName));
    }

    [Fact]
    public async Task Destroy_IsAPlanWithNothingDesired_DeletingDependentsFirst()
    {
        await using var h = new Harness();
        await h.ApplyAsync([R("net", "Test::Thing", "{}"), R("subnet", "Test::Thing", "{}", "net"),
            R("server", "Test::Server", "{}", "subnet")]);
        h.Cloud.Calls.Clear();

        var result = await h.ApplyAsync([]);

        Assert.True(result.Succeeded);
        Assert.Equal(StackAction.Delete, result.Action);
        Assert.Empty(h.Cloud.Objects);
        Assert.Equal(["server", "subnet", "net"], h.Cloud.Calls.OrderBy(c => c.Start).Select(c => c.Name));
    }

    [Fact]
    public async Task SecretAttributes_AreMarkedForEncryption()
    {
        await using var h = new Harness();

        await h.ApplyAsync([R("pw", "Test::Password", "{}") with { SecretProperties = ["salt"] }]);

        var record = (await h.RecordsAsync())["pw"];
        Assert.Equal(["salt"], record.SecretKeys.ToArray());
    }
}
