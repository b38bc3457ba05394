using Nuvola.Engine.Applying;
using Nuvola.Engine.Clouds;
using Nuvola.Engine.Planning;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Tests.Applying;

/// <summary>Resources on several clouds: each planned, recorded, acted on and reported in its own cloud target.</summary>
public sealed class CloudTargetTests : IAsyncDisposable
{
    private readonly Harness _h = new();
    private readonly FakeCloudDriver _a = new() { ConcurrencyKey = "fake:a" };
    private readonly FakeCloudDriver _b = new() { ConcurrencyKey = "fake:b" };

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    private static DesiredResource On(string cloud, string name, string type = "Test::Server") =>
        Harness.Resource(name, type, $$"""{"name":"{{name}}"}""") with { Cloud = cloud };

    private DriverRegistry Both => new([("a", (IResourceDriver)_a), ("b", _b)]);

    private async Task<ApplyResult> ApplyAsync(IDriverRegistry drivers, params DesiredResource[] desired) =>
        await new Applier(_h.Store, drivers, new ApplyOptions { Retry = RetryPolicy.None }, _h.Schemas)
            .ApplyAsync(await _h.PlanAsync(desired));

    [Fact]
    public async Task Registry_FindsDriversByTargetAndType()
    {
        var registry = Both;

        Assert.Same(_a, registry.Find("a", "Test::Server"));
        Assert.Same(_b, registry.Find("b", "Test::Server"));
        Assert.Null(registry.Find("b", "Other::Type"));
        Assert.Null(registry.Find("c", "Test::Server"));
        Assert.Null(await registry.CheckAsync("b", "Test::Server"));
        Assert.Contains("'c'", await registry.CheckAsync("c", "Test::Server"));
        Assert.Equal("fg/IPHC", new CloudTarget("fg", "IPHC").Key);
        Assert.Equal(new CloudTarget("fg", "IPHC"), CloudTarget.Parse("fg/IPHC"));
        Assert.Equal(new CloudTarget("embedded"), CloudTarget.Parse("embedded"));
    }

    [Fact]
    public async Task Apply_CreatesEachResourceInItsCloud_AndRecordsItsCloudInStateAndEvents()
    {
        var result = await ApplyAsync(Both, On("a", "web"), On("b", "db"));

        Assert.True(result.Succeeded);
        Assert.Equal(["web"], _a.Objects.Values.Select(o => o.LogicalName));
        Assert.Equal(["db"], _b.Objects.Values.Select(o => o.LogicalName));
        var records = await _h.RecordsAsync();
        Assert.Equal("a", records["web"].Cloud);
        Assert.Equal("b", records["db"].Cloud);
        var events = await _h.EventsAsync();
        Assert.All(events.Where(e => e.LogicalName == "db"), e => Assert.Equal("b", e.Cloud));
        Assert.All(events.Where(e => e.LogicalName == "web"), e => Assert.Equal("a", e.Cloud));
    }

    [Fact]
    public async Task Plan_ReplacesAResourceThatMovesToAnotherCloud()
    {
        await ApplyAsync(Both, On("a", "web"));

        var plan = await _h.PlanAsync([On("b", "web")]);

        var change = plan.Find("web")!;
        Assert.Equal(ChangeAction.Replace, change.Action);
        Assert.Contains("moves from cloud a to cloud b", change.Reason);
        Assert.Equal(("b", "a"), (change.Cloud, change.PriorCloud));
    }

    [Fact]
    public async Task Destroy_WithARecordedCloudMissing_StopsNamingItAndChangesNoRecord()
    {
        await ApplyAsync(Both, On("a", "web"), On("b", "db"), On("b", "cache"));
        var before = await _h.RecordsAsync();
        var eventsBefore = (await _h.EventsAsync()).Count;
        var version = (await _h.Store.GetStackAsync(Harness.Stack))!.Version;

        // Only cloud a is configured now: b's objects must not be read as gone through a (its ids mean nothing there).
        var onlyA = new DriverRegistry([_a], "a");
        var error = await Assert.ThrowsAsync<CloudUnavailableException>(() => ApplyAsync(onlyA));

        Assert.Equal("b", error.Cloud);
        Assert.Equal(["cache", "db"], error.Resources.Order());
        Assert.Contains("cloud 'b'", error.Message);
        Assert.Contains("clouds.yaml", error.Message);
        Assert.Equal(before.Keys.Order(), (await _h.RecordsAsync()).Keys.Order());
        Assert.Equal(version, (await _h.Store.GetStackAsync(Harness.Stack))!.Version);
        Assert.Equal(eventsBefore, (await _h.EventsAsync()).Count);
        Assert.DoesNotContain(_a.Calls, c => c.Op == "delete");
        Assert.Equal(2, _b.Objects.Count);

        var destroyed = await ApplyAsync(Both);

        Assert.True(destroyed.Succeeded);
        Assert.Empty(await _h.RecordsAsync());
        Assert.Empty(_a.Objects);
        Assert.Empty(_b.Objects);
    }

    [Fact]
    public async Task SameIdsInTwoClouds_DeleteAndRefreshEachInItsOwnCloud()
    {
        await ApplyAsync(Both, On("a", "web"), On("b", "db"));
        var records = await _h.RecordsAsync();
        Assert.Equal(records["web"].PhysicalId, records["db"].PhysicalId);

        // db is gone from b (b answers 404); web still exists in a under the same id.
        _b.Objects.Clear();
        var drift = await DriftReader.ReadAsync([.. records.Values], Both);
        Assert.Null(drift["db"]);
        Assert.NotNull(drift["web"]);

        // Dropping db deletes in b only: a's object with the same id stays.
        var result = await ApplyAsync(Both, On("a", "web"));
        Assert.True(result.Succeeded);
        Assert.Single(_a.Objects);
        Assert.DoesNotContain(_a.Calls, c => c.Op == "delete");
        Assert.Equal(["web"], (await _h.RecordsAsync()).Keys);
    }

    [Fact]
    public async Task Refresh_WithARecordedCloudMissing_StopsBeforeReadingAnything()
    {
        await ApplyAsync(Both, On("a", "web"), On("b", "db"));
        var records = await _h.RecordsAsync();

        var error = await Assert.ThrowsAsync<CloudUnavailableException>(() =>
            DriftReader.ReadAsync([.. records.Values], new DriverRegistry([_a], "a")));

        Assert.Equal("b", error.Cloud);
        Assert.Equal(["db"], error.Resources.ToList());
    }
}
