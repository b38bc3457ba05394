using System.Collections.Immutable;

namespace Nuvola.Engine.Graph;

public sealed partial class Dag<TKey>
{
    /// <summary>
    /// Kahn's order: every node after all it depends on, ties broken by node order. When the graph has cycles,
    /// <see cref="TopologicalResult{TKey}.Order"/> holds only the nodes outside cycles and their dependents are
    /// left out; <see cref="TopologicalResult{TKey}.Cycles"/> reports them.
    /// </summary>
    public TopologicalResult<TKey> TopologicalSort()
    {
        var pending = new int[Count];
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < Count; i++)
        {
            pending[i] = _dependencies[i].Length;
            if (pending[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        var order = ImmutableArray.CreateBuilder<TKey>(Count);
        while (ready.TryDequeue(out var i, out _))
        {
            order.Add(Nodes[i]);
            foreach (var d in _dependents[i])
            {
                if (--pending[d] == 0)
                {
                    ready.Enqueue(d, d);
                }
            }
        }

        var cycles = order.Count == Count ? [] : FindCycles();
        return new TopologicalResult<TKey>(order.ToImmutable(), cycles);
    }

    /// <summary>The order in which things can be deleted: every node before what it depends on.</summary>
    public TopologicalResult<TKey> ReverseTopologicalSort() => Reversed().TopologicalSort();

    /// <summary>
    /// Every cycle, reported as one entry per strongly connected component that contains a cycle (a component of
    /// two or more nodes, or a node that depends on itself), with one concrete closed path through the component.
    /// Components are ordered by their first node in node order; each path starts at that node.
    /// This finds every cyclic dependency without enumerating every elementary cycle, whose number can be
    /// exponential: breaking all the reported components is what a template author must do.
    /// </summary>
    public ImmutableArray<Cycle<TKey>> FindCycles()
    {
        var components = StronglyConnectedComponents();
        var result = ImmutableArray.CreateBuilder<Cycle<TKey>>();
        foreach (var component in components)
        {
            var first = component.Min();
            if (component.Count == 1 && !_dependencies[first].Contains(first))
            {
                continue;
            }

            var members = component.ToHashSet();
            var path = CyclePath(first, members);
            result.Add(new Cycle<TKey>(
                [.. component.Order().Select(i => Nodes[i])],
                [.. path.Select(i => Nodes[i])]));
        }

        result.Sort((a, b) => _index[a.Path[0]].CompareTo(_index[b.Path[0]]));
        return result.ToImmutable();
    }

    // Shortest closed path from start back to start inside the component (breadth-first on dependency edges).
    private List<int> CyclePath(int start, HashSet<int> members)
    {
        var parent = new Dictionary<int, int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var n = queue.Dequeue();
            foreach (var d in _dependencies[n])
            {
                if (!members.Contains(d))
                {
                    continue;
                }

                if (d == start)
                {
                    var path = new List<int> { start };
                    for (var x = n; x != start; x = parent[x])
                    {
                        path.Add(x);
                    }

                    path.Add(start);
                    // path is start, ..., start read backwards along parent links: reverse the middle
                    path.Reverse(1, path.Count - 2);
                    return path;
                }

                if (parent.TryAdd(d, n))
                {
                    queue.Enqueue(d);
                }
            }
        }

        throw new InvalidOperationException("A strongly connected component without a cycle.");
    }

    // Tarjan's algorithm, iterative (deep graphs must not overflow the stack).
    private List<List<int>> StronglyConnectedComponents()
    {
        var index = new int[Count];
        var low = new int[Count];
        var onStack = new bool[Count];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var result = new List<List<int>>();
        var counter = 0;
        var work = new Stack<(int Node, int Next)>();
        for (var root = 0; root < Count; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            work.Push((root, 0));
            while (work.Count > 0)
            {
                var (v, next) = work.Pop();
                if (next == 0)
                {
                    index[v] = low[v] = counter++;
                    stack.Push(v);
                    onStack[v] = true;
                }

                var deps = _dependencies[v];
                var descended = false;
                for (var k = next; k < deps.Length; k++)
                {
                    var w = deps[k];
                    if (index[w] < 0)
                    {
                        work.Push((v, k + 1));
                        work.Push((w, 0));
                        descended = true;
                        break;
                    }

                    if (onStack[w])
                    {
                        low[v] = Math.Min(low[v], index[w]);
                    }
                }

                if (descended)
                {
                    continue;
                }

                if (low[v] == index[v])
                {
                    var component = new List<int>();
                    int w;
                    do
                    {
                        w = stack.Pop();
                        onStack[w] = false;
                        component.Add(w);
                    }
                    while (w != v);
                    result.Add(component);
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[v]);
                }
            }
        }

        return result;
    }
}
