using System.Collections.Immutable;

namespace Nuvola.Engine.Graph;

/// <summary>
/// An immutable directed graph of nodes identified by key, where an edge (a, b) means "a depends on b".
/// It knows nothing of clouds. Node order is the order in which nodes were given; every ordering it returns
/// breaks ties by that order, so results are stable from run to run.
/// Edges to keys that are not nodes are kept aside in <see cref="UnknownDependencies"/> and otherwise ignored.
/// </summary>
public sealed partial class Dag<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, int> _index;
    private readonly int[][] _dependencies;
    private readonly int[][] _dependents;

    private Dag(ImmutableArray<TKey> nodes, Dictionary<TKey, int> index, int[][] dependencies, int[][] dependents,
        ImmutableArray<(TKey Node, TKey Dependency)> unknown)
    {
        Nodes = nodes;
        _index = index;
        _dependencies = dependencies;
        _dependents = dependents;
        UnknownDependencies = unknown;
    }

    /// <summary>The nodes, in the order they were given.</summary>
    public ImmutableArray<TKey> Nodes { get; }

    /// <summary>Edges whose dependency is not a node of the graph (a reference to something undeclared).</summary>
    public ImmutableArray<(TKey Node, TKey Dependency)> UnknownDependencies { get; }

    public int Count => Nodes.Length;

    public bool Contains(TKey key) => _index.ContainsKey(key);

    /// <summary>Builds a graph. Duplicate nodes and duplicate edges are collapsed.</summary>
    public static Dag<TKey> Create(IEnumerable<TKey> nodes, IEnumerable<(TKey Node, TKey DependsOn)> edges,
        IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(edges);
        var index = new Dictionary<TKey, int>(comparer);
        var list = ImmutableArray.CreateBuilder<TKey>();
        foreach (var node in nodes)
        {
            if (index.TryAdd(node, list.Count))
            {
                list.Add(node);
            }
        }

        var deps = new List<int>[list.Count];
        var dependents = new List<int>[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            deps[i] = [];
            dependents[i] = [];
        }

        var unknown = ImmutableArray.CreateBuilder<(TKey, TKey)>();
        var seen = new HashSet<(int, int)>();
        foreach (var (node, dependsOn) in edges)
        {
            if (!index.TryGetValue(node, out var from))
            {
                throw new ArgumentException($"Edge from '{node}', which is not a node of the graph.", nameof(edges));
            }

            if (!index.TryGetValue(dependsOn, out var to))
            {
                unknown.Add((node, dependsOn));
                continue;
            }

            if (seen.Add((from, to)))
            {
                deps[from].Add(to);
                dependents[to].Add(from);
            }
        }

        foreach (var l in deps)
        {
            l.Sort();
        }

        foreach (var l in dependents)
        {
            l.Sort();
        }

        return new Dag<TKey>(list.ToImmutable(), index, [.. deps.Select(l => l.ToArray())],
            [.. dependents.Select(l => l.ToArray())], unknown.ToImmutable());
    }

    /// <summary>Builds a graph from a map of node → the nodes it depends on.</summary>
    public static Dag<TKey> Create(IEnumerable<KeyValuePair<TKey, IEnumerable<TKey>>> adjacency,
        IEqualityComparer<TKey>? comparer = null)
    {
        var pairs = adjacency.ToList();
        return Create(pairs.Select(p => p.Key), pairs.SelectMany(p => p.Value.Select(d => (p.Key, d))), comparer);
    }

    /// <summary>What <paramref name="key"/> depends on directly, in node order.</summary>
    public IEnumerable<TKey> DependenciesOf(TKey key) => _dependencies[IndexOf(key)].Select(i => Nodes[i]);

    /// <summary>What depends on <paramref name="key"/> directly, in node order.</summary>
    public IEnumerable<TKey> DependentsOf(TKey key) => _dependents[IndexOf(key)].Select(i => Nodes[i]);

    /// <summary>
    /// Everything that depends on any of <paramref name="keys"/>, directly or not (the keys themselves excluded
    /// unless they depend on one another): what must not run after those failed.
    /// </summary>
    public IReadOnlySet<TKey> TransitiveDependents(IEnumerable<TKey> keys)
    {
        var start = keys.Select(IndexOf).ToList();
        var seen = new bool[Count];
        var stack = new Stack<int>(start);
        var result = new HashSet<TKey>(_index.Comparer);
        while (stack.Count > 0)
        {
            foreach (var d in _dependents[stack.Pop()])
            {
                if (!seen[d])
                {
                    seen[d] = true;
                    result.Add(Nodes[d]);
                    stack.Push(d);
                }
            }
        }

        return result;
    }

    public IReadOnlySet<TKey> TransitiveDependents(TKey key) => TransitiveDependents([key]);

    /// <summary>Everything <paramref name="key"/> depends on, directly or not.</summary>
    public IReadOnlySet<TKey> TransitiveDependencies(TKey key)
    {
        var seen = new bool[Count];
        var stack = new Stack<int>([IndexOf(key)]);
        var result = new HashSet<TKey>(_index.Comparer);
        while (stack.Count > 0)
        {
            foreach (var d in _dependencies[stack.Pop()])
            {
                if (!seen[d])
                {
                    seen[d] = true;
                    result.Add(Nodes[d]);
                    stack.Push(d);
                }
            }
        }

        return result;
    }

    /// <summary>A graph with the same nodes and every edge turned round (used to order deletes).</summary>
    public Dag<TKey> Reversed() =>
        new(Nodes, _index, _dependents, _dependencies, UnknownDependencies);

    /// <summary>The sub-graph made of <paramref name="keep"/> and the edges between them.</summary>
    public Dag<TKey> Subgraph(IEnumerable<TKey> keep)
    {
        var set = new HashSet<TKey>(keep, _index.Comparer);
        var nodes = Nodes.Where(set.Contains).ToList();
        return Create(nodes, nodes.SelectMany(n => DependenciesOf(n).Where(set.Contains).Select(d => (n, d))),
            _index.Comparer);
    }

    internal int IndexOf(TKey key) =>
        _index.TryGetValue(key, out var i) ? i : throw new KeyNotFoundException($"'{key}' is not a node of the graph.");

    internal int[] DependencyIndexes(int i) => _dependencies[i];

    internal int[] DependentIndexes(int i) => _dependents[i];
}
