using System.Collections.Concurrent;
using CsCheck;
using Nuvola.Engine.Graph;

namespace Nuvola.Engine.Tests.Graph;

public sealed class DagWalkerTests
{
    private static readonly Gen<(RandomGraph Graph, int[] Failing)> GraphWithFailures =
        RandomGraph.Acyclic.SelectMany(g => Gen.Int[0, 99].Array[g.N].Select(f =>
            (g, Enumerable.Range(0, g.N).Where(i => f[i] < 15).ToArray())));

    [Fact]
    public Task Walk_RunsEveryNodeAfterItsDependencies_AndSkipsExactlyTheDependentsOfFailures() =>
        GraphWithFailures.SampleAsync(async t =>
        {
            var (g, failing) = t;
            var dag = g.ToDag();
            var failed = failing.Select(RandomGraph.Name).ToHashSet();
            var clock = 0L;
            var started = new ConcurrentDictionary<string, long>();
            var finished = new ConcurrentDictionary<string, long>();

            var result = await DagWalker.WalkAsync(dag, async (node, _) =>
            {
                started[node] = Interlocked.Increment(ref clock);
                await Task.Yield();
                finished[node] = Interlocked.Increment(ref clock);
                return !failed.Contains(node);
            });

            var reach = g.Reachability();
            for (var i = 0; i < g.N; i++)
            {
                var name = RandomGraph.Name(i);
                var dependsOnFailure = Enumerable.Range(0, g.N).Any(j => reach[i][j] && failing.Contains(j));
                if (dependsOnFailure)
                {
                    Assert.False(started.ContainsKey(name), $"{name} ran although it depends on a failure");
                    Assert.Equal(WalkOutcome.Skipped, result.Outcomes[name]);
                    continue;
                }

                Assert.True(started.ContainsKey(name), $"{name} did not run although nothing it needs failed");
                Assert.Equal(failed.Contains(name) ? WalkOutcome.Failed : WalkOutcome.Succeeded, result.Outcomes[name]);
                Assert.All(g.Edges[i], j => Assert.True(finished[RandomGraph.Name(j)] < started[name]));
            }
        }, iter: 300, threads: 1);

    [Fact]
    public async Task Walk_WhenCancelled_StartsNothingMore()
    {
        var dag = Dag<string>.Create(["a", "b", "c"], [("b", "a"), ("c", "b")]);
        using var cts = new CancellationTokenSource();
        var ran = new List<string>();

        var result = await DagWalker.WalkAsync(dag, async (node, _) =>
        {
            ran.Add(node);
            await cts.CancelAsync();
            return true;
        }, cancellationToken: cts.Token);

        Assert.Equal(["a"], ran);
        Assert.Equal(WalkOutcome.NotRun, result.Outcomes["b"]);
        Assert.Equal(WalkOutcome.NotRun, result.Outcomes["c"]);
    }
}
