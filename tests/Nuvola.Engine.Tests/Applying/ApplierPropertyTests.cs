using CsCheck;
using Nuvola.Engine.Applying;
using Nuvola.Engine.Planning;
using Nuvola.Engine.State;
using Nuvola.Engine.Tests.Graph;

namespace Nuvola.Engine.Tests.Applying;

/// <summary>Random stacks (random DAGs), random failure sets, random concurrency limits, on the fake cloud.</summary>
public sealed class ApplierPropertyTests
{
    private static readonly Gen<(RandomGraph Graph, int[] Failing, int Limit)> Cases =
        RandomGraph.Acyclic.Where(g => g.N <= 16).SelectMany(g => Gen.Int[0, 99].Array[g.N].SelectMany(f =>
            Gen.Int[1, 5].Select(limit =>
                (g, Enumerable.Range(0, g.N).Where(i => f[i] < 20).ToArray(), limit))));

    // n{i} has a property that reads the physical id of its first dependency (known after apply).
    private static List<DesiredResource> Desired(RandomGraph g) =>
    [
        .. Enumerable.Range(0, g.N).Select(i =>
        {
            var deps = g.Edges[i].Select(RandomGraph.Name).ToArray();
            var props = deps.Length == 0
                ? $$"""{"size":{{i}}}"""
                : $$"""{"size":{{i}},"peer":{{KnownAfterApply.Marker(deps[0]).GetRawText()}}}""";
            return Harness.Resource(RandomGraph.Name(i), "Test::Thing", props, deps);
        }),
    ];

    [Fact]
    public Task Apply_WithoutRollback_RespectsOrderAndBound_SkipsDependentsOfFailures_AndARerunCreatesOnlyWhatIsMissing() =>
        Cases.SampleAsync(async t =>
        {
            var (g, failing, limit) = t;
            await using var h = new Harness();
            var failed = failing.Select(RandomGraph.Name).ToHashSet();
            h.Cloud.Fault = (op, name, _) => op == "create" && failed.Contains(name) ? FakeCloudDriver.Permanent(name) : null;
            var options = new ApplyOptions { Retry = RetryPolicy.None, Limiters = new LimiterPool(limit) };

            var result = await h.ApplyAsync(Desired(g), options);

            var reach = g.Reachability();
            var calls = h.Cloud.Calls.Where(c => c.Op == "create").ToDictionary(c => c.Name);
            Assert.True(h.Cloud.PeakInFlight <= limit, $"peak {h.Cloud.PeakInFlight} > limit {limit}");
            for (var i = 0; i < g.N; i++)
            {
                var name = RandomGraph.Name(i);
                var blocked = Enumerable.Range(0, g.N).Any(j => reach[i][j] && failing.Contains(j));
                if (blocked)
                {
                    Assert.False(calls.ContainsKey(name), $"{name} was created although it depends on a failure");
                    continue;
                }

                Assert.True(calls.ContainsKey(name), $"{name} was not attempted although nothing it needs failed");
                Assert.All(g.Edges[i], j => Assert.True(calls[RandomGraph.Name(j)].End < calls[name].Start));
            }

            Assert.Equal(failing.Length == 0 ? StackStatus.Complete : StackStatus.Failed, result.Status);
            var afterFirst = h.Cloud.Objects.Values.Select(o => o.LogicalName).ToHashSet();
            Assert.Equal(afterFirst.Order(), (await h.RecordsAsync()).Keys.Order());

            // the same apply again, the cloud healed: only what is missing is created
            h.Cloud.Fault = null;
            h.Cloud.Calls.Clear();
            var rerun = await h.ApplyAsync(Desired(g), options);

            Assert.Equal(StackStatus.Complete, rerun.Status);
            Assert.Equal(g.Names.Except(afterFirst).Order(), h.Cloud.Created.Order());
            Assert.Equal(g.Names.Order(), h.Cloud.Objects.Values.Select(o => o.LogicalName).Order());
            Assert.Equal(g.N, (await h.RecordsAsync()).Count);
            foreach (var (name, record) in await h.RecordsAsync())
            {
                if (record.Properties.TryGetProperty("peer", out var peer))
                {
                    Assert.NotNull(h.Cloud.Objects[peer.GetString()!]);
                }
            }
        }, iter: 40, threads: 1);

    [Fact]
    public Task Apply_WithRollback_LeavesNothing_WhenAnythingFails() =>
        Cases.Where(t => t.Failing.Length > 0).SampleAsync(async t =>
        {
            var (g, failing, limit) = t;
            await using var h = new Harness();
            var failed = failing.Select(RandomGraph.Name).ToHashSet();
            h.Cloud.Fault = (op, name, _) => op == "create" && failed.Contains(name) ? FakeCloudDriver.Permanent(name) : null;

            var result = await h.ApplyAsync(Desired(g),
                new ApplyOptions { Rollback = true, Retry = RetryPolicy.None, Limiters = new LimiterPool(limit) });

            Assert.True(result.RolledBack);
            Assert.Equal(StackStatus.Complete, result.Status);
            Assert.Equal(StackAction.Rollback, result.Action);
            Assert.Empty(h.Cloud.Objects);
            Assert.Empty(await h.RecordsAsync());
            Assert.True(h.Cloud.PeakInFlight <= limit);
        }, iter: 30, threads: 1);
}
