namespace Nuvola.Templates.Hot;

/// <summary>Every cycle of a small directed graph (one per strongly connected component), in a stable order.</summary>
internal static class Cycles
{
    public static List<List<string>> Find(IReadOnlyList<string> nodes, IReadOnlyDictionary<string, IReadOnlyCollection<string>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        var counter = 0;
        nodes = [.. nodes.Distinct(StringComparer.Ordinal)];
        var order = nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);

        IEnumerable<string> Next(string node) => edges.TryGetValue(node, out var next) ? next.Where(order.ContainsKey).OrderBy(n => order[n]) : [];

        foreach (var root in nodes)
        {
            if (index.ContainsKey(root))
            {
                continue;
            }

            // Iterative Tarjan: (node, enumerator of its successors).
            var work = new Stack<(string Node, IEnumerator<string> Next)>();
            Visit(root);
            while (work.Count > 0)
            {
                var (node, successors) = work.Peek();
                if (successors.MoveNext())
                {
                    var next = successors.Current;
                    if (!index.ContainsKey(next))
                    {
                        Visit(next);
                    }
                    else if (onStack.Contains(next))
                    {
                        low[node] = Math.Min(low[node], index[next]);
                    }

                    continue;
                }

                work.Pop();
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != node);

                    if (component.Count > 1 || Next(node).Contains(node))
                    {
                        components.Add(component);
                    }
                }
            }

            void Visit(string node)
            {
                index[node] = low[node] = counter++;
                stack.Push(node);
                onStack.Add(node);
                work.Push((node, Next(node).GetEnumerator()));
            }
        }

        return [.. components.Select(c => Path(c, Next, order)).OrderBy(c => order[c[0]])];
    }

    /// <summary>A walk around the component from its first node (in declaration order) back to it.</summary>
    private static List<string> Path(List<string> component, Func<string, IEnumerable<string>> next, Dictionary<string, int> order)
    {
        var members = component.ToHashSet(StringComparer.Ordinal);
        var start = component.MinBy(n => order[n])!;
        var path = new List<string> { start };
        var visited = new HashSet<string>(StringComparer.Ordinal) { start };
        var current = start;
        while (true)
        {
            var candidates = next(current).Where(members.Contains).ToList();
            if (candidates.Contains(start) && (path.Count == members.Count || candidates.All(visited.Contains)))
            {
                return path;
            }

            var step = candidates.FirstOrDefault(c => !visited.Contains(c));
            if (step is null)
            {
                return path;
            }

            path.Add(step);
            visited.Add(step);
            current = step;
        }
    }
}
