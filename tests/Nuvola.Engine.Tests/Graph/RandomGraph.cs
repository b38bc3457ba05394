using CsCheck;
using Nuvola.Engine.Graph;

namespace Nuvola.Engine.Tests.Graph;

/// <summary>A random directed graph on nodes "n0".."n{N-1}"; Edges[i] lists what node i depends on.</summary>
internal sealed record RandomGraph(int N, int[][] Edges)
{
    public IEnumerable<string> Names => Enumerable.Range(0, N).Select(Name);

    public static string Name(int i) => $"n{i}";

    public Dag<string> ToDag() => Dag<string>.Create(Names,
        Enumerable.Range(0, N).SelectMany(i => Edges[i].Select(j => (Name(i), Name(j)))));

    /// <summary>Any graph (cycles likely when dense).</summary>
    public static Gen<RandomGraph> Any { get; } =
        Gen.Int[0, 14].SelectMany(n => Gen.Int[0, 100].SelectMany(density =>
            Gen.Int[0, 99].Array[n * n].Select(bits => Build(n, bits, density, acyclic: false))));

    /// <summary>An acyclic graph: each node depends only on nodes of a lower index in a shuffled order.</summary>
    public static Gen<RandomGraph> Acyclic { get; } =
        Gen.Int[0, 30].SelectMany(n => Gen.Int[0, 60].SelectMany(density =>
            Gen.Int[0, 99].Array[n * n].Select(bits => Build(n, bits, density, acyclic: true))));

    private static RandomGraph Build(int n, int[] bits, int density, bool acyclic)
    {
        // a fixed pseudo-shuffle so that acyclic edges do not always point to lower node numbers
        var rank = Enumerable.Range(0, n).OrderBy(i => (i * 7919) % (n + 1)).ToArray();
        var edges = new int[n][];
        for (var i = 0; i < n; i++)
        {
            edges[i] = [.. Enumerable.Range(0, n).Where(j => bits[(i * n) + j] < density &&
                (!acyclic || Array.IndexOf(rank, j) < Array.IndexOf(rank, i)))];
        }

        return new RandomGraph(n, edges);
    }

    /// <summary>reach[i][j]: j can be reached from i through one or more dependency edges (brute force).</summary>
    public bool[][] Reachability()
    {
        var reach = new bool[N][];
        for (var i = 0; i < N; i++)
        {
            reach[i] = new bool[N];
            var stack = new Stack<int>(Edges[i]);
            while (stack.Count > 0)
            {
                var x = stack.Pop();
                if (!reach[i][x])
                {
                    reach[i][x] = true;
                    foreach (var y in Edges[x])
                    {
                        stack.Push(y);
                    }
                }
            }
        }

        return reach;
    }

    public override string ToString() =>
        $"{N} nodes: " + string.Join(", ", Enumerable.Range(0, N).Select(i => $"{i}->[{string.Join(' ', Edges[i])}]"));
}
