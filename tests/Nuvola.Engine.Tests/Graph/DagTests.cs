using CsCheck;
using Nuvola.Engine.Graph;

namespace Nuvola.Engine.Tests.Graph;

public sealed class DagTests
{
    [Fact]
    public void TopologicalOrder_OfAnyAcyclicGraph_PutsEveryNodeAfterItsDependencies() =>
        RandomGraph.Acyclic.Sample(g =>
        {
            var result = g.ToDag().TopologicalSort();
            Assert.True(result.IsAcyclic);
            Assert.Equal(g.N, result.Order.Length);
            var position = result.Order.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
            for (var i = 0; i < g.N; i++)
            {
                foreach (var j in g.Edges[i])
                {
                    Assert.True(position[RandomGraph.Name(j)] < position[RandomGraph.Name(i)]);
                }
            }
        }, iter: 500);

    [Fact]
    public void ReverseOrder_OfAnyAcyclicGraph_PutsEveryNodeBeforeItsDependencies() =>
        RandomGraph.Acyclic.Sample(g =>
        {
            var order = g.ToDag().ReverseTopologicalSort().Order;
            var position = order.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
            Assert.Equal(g.N, order.Length);
            for (var i = 0; i < g.N; i++)
            {
                Assert.All(g.Edges[i], j => Assert.True(position[RandomGraph.Name(i)] < position[RandomGraph.Name(j)]));
            }
        }, iter: 300);

    [Fact]
    public void Cycles_OfAnyGraph_AreExactlyTheNodesThatReachThemselves_EachWithARealClosedPath() =>
        RandomGraph.Any.Sample(g =>
        {
            var dag = g.ToDag();
            var reach = g.Reachability();
            var cycles = dag.FindCycles();
            var onCycle = Enumerable.Range(0, g.N).Where(i => reach[i][i]).Select(RandomGraph.Name).ToHashSet();

            // every node on some cycle is reported, and nothing else: no false cycles
            Assert.Equal(onCycle.Order(), cycles.SelectMany(c => c.Members).Order());
            foreach (var cycle in cycles)
            {
                // a component: every member reaches every other
                foreach (var a in cycle.Members)
                {
                    Assert.All(cycle.Members, b => Assert.True(reach[Index(a)][Index(b)]));
                }

                // a concrete closed path made of real edges, inside the component
                Assert.Equal(cycle.Path[0], cycle.Path[^1]);
                Assert.True(cycle.Path.Length >= 2);
                for (var k = 0; k + 1 < cycle.Path.Length; k++)
                {
                    Assert.Contains(Index(cycle.Path[k + 1]), g.Edges[Index(cycle.Path[k])]);
                    Assert.Contains(cycle.Path[k], cycle.Members);
                }
            }

            Assert.Equal(onCycle.Count == 0, dag.TopologicalSort().IsAcyclic);
        }, iter: 500);

    [Fact]
    public void TopologicalSort_WithCycles_OrdersOnlyWhatDoesNotDependOnACycle() =>
        RandomGraph.Any.Sample(g =>
        {
            var reach = g.Reachability();
            var result = g.ToDag().TopologicalSort();
            var expected = Enumerable.Range(0, g.N)
                .Where(i => !reach[i][i] && !Enumerable.Range(0, g.N).Any(j => reach[i][j] && reach[j][j]))
                .Select(RandomGraph.Name).Order();
            Assert.Equal(expected, result.Order.Order());
        }, iter: 300);

    [Fact]
    public void TransitiveDependents_AreEverythingThatReachesTheNode() =>
        RandomGraph.Any.Sample(g =>
        {
            var dag = g.ToDag();
            var reach = g.Reachability();
            for (var t = 0; t < g.N; t++)
            {
                var expected = Enumerable.Range(0, g.N).Where(i => reach[i][t]).Select(RandomGraph.Name).Order();
                Assert.Equal(expected, dag.TransitiveDependents(RandomGraph.Name(t)).Order());
            }
        }, iter: 200);

    [Fact]
    public void Cycles_AreReportedWithAReadablePath()
    {
        var dag = Dag<string>.Create(["net", "subnet", "port", "server"],
            [("subnet", "net"), ("port", "subnet"), ("server", "port"), ("net", "server"), ("port", "port")]);

        var cycles = dag.FindCycles();

        var cycle = Assert.Single(cycles);
        Assert.Equal("net -> server -> port -> subnet -> net", cycle.ToString());
        Assert.Equal(["net", "subnet", "port", "server"], cycle.Members.ToArray());
    }

    [Fact]
    public void SelfDependency_IsACycle()
    {
        var dag = Dag<string>.Create(["a", "b"], [("a", "a")]);

        Assert.Equal("a -> a", Assert.Single(dag.FindCycles()).ToString());
        Assert.Equal(["b"], dag.TopologicalSort().Order.ToArray());
    }

    [Fact]
    public void UnknownDependencies_AreKeptAside()
    {
        var dag = Dag<string>.Create(["a"], [("a", "ghost")]);

        Assert.Equal([("a", "ghost")], dag.UnknownDependencies.ToArray());
        Assert.Equal(["a"], dag.TopologicalSort().Order.ToArray());
    }

    private static int Index(string name) => int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture);
}
