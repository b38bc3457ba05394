using System.Collections.Immutable;
using System.Threading.Channels;

namespace Nuvola.Engine.Graph;

/// <summary>What became of one node in a walk.</summary>
public enum WalkOutcome
{
    /// <summary>The visit returned true.</summary>
    Succeeded,

    /// <summary>The visit returned false or threw.</summary>
    Failed,

    /// <summary>Not visited because something it depends on failed or was skipped.</summary>
    Skipped,

    /// <summary>Not visited because the walk was cancelled first (or the node is on a cycle).</summary>
    NotRun,
}

/// <summary>The outcome of every node of a walk.</summary>
public sealed record WalkResult<TKey>(ImmutableDictionary<TKey, WalkOutcome> Outcomes)
    where TKey : notnull
{
    public bool Succeeded => Outcomes.Values.All(o => o == WalkOutcome.Succeeded);

    public IEnumerable<TKey> With(WalkOutcome outcome) =>
        Outcomes.Where(p => p.Value == outcome).Select(p => p.Key);
}

/// <summary>
/// Walks a <see cref="Dag{TKey}"/> in parallel: a node is visited once everything it depends on has succeeded.
/// A failure stops new work on its transitive dependents only; independent branches go on. Cancellation stops
/// new visits and waits for the running ones. The walker bounds nothing itself: the visit acquires whatever
/// limiter applies (per cloud), so one walk can span clouds with different limits.
/// </summary>
public static class DagWalker
{
    /// <summary>
    /// Visits every node. <paramref name="visit"/> returns false (or throws) for a failure;
    /// <paramref name="onSkipped"/> is told of each node skipped because of a failure, with the failed node.
    /// </summary>
    public static async Task<WalkResult<TKey>> WalkAsync<TKey>(
        Dag<TKey> dag,
        Func<TKey, CancellationToken, Task<bool>> visit,
        Action<TKey, TKey>? onSkipped = null,
        CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(visit);
        var n = dag.Count;
        var pending = new int[n];
        var outcome = new WalkOutcome?[n];
        var completions = Channel.CreateUnbounded<(int Node, bool Ok)>();
        var running = 0;
        var ready = new Queue<int>();
        for (var i = 0; i < n; i++)
        {
            pending[i] = dag.DependencyIndexes(i).Length;
            if (pending[i] == 0)
            {
                ready.Enqueue(i);
            }
        }

        void Start(int i)
        {
            running++;
            _ = Task.Run(async () =>
            {
                bool ok;
                try
                {
                    ok = await visit(dag.Nodes[i], cancellationToken).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    ok = false;
                }

                completions.Writer.TryWrite((i, ok));
            }, CancellationToken.None);
        }

        void Skip(int failed)
        {
            var stack = new Stack<int>([failed]);
            while (stack.Count > 0)
            {
                foreach (var d in dag.DependentIndexes(stack.Pop()))
                {
                    if (outcome[d] is null)
                    {
                        outcome[d] = WalkOutcome.Skipped;
                        onSkipped?.Invoke(dag.Nodes[d], dag.Nodes[failed]);
                        stack.Push(d);
                    }
                }
            }
        }

        while (true)
        {
            while (ready.Count > 0 && !cancellationToken.IsCancellationRequested)
            {
                var i = ready.Dequeue();
                if (outcome[i] is null)
                {
                    Start(i);
                }
            }

            if (running == 0)
            {
                break;
            }

            var (node, ok) = await completions.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            running--;
            outcome[node] = ok ? WalkOutcome.Succeeded : WalkOutcome.Failed;
            if (!ok)
            {
                Skip(node);
                continue;
            }

            foreach (var d in dag.DependentIndexes(node))
            {
                if (--pending[d] == 0)
                {
                    ready.Enqueue(d);
                }
            }
        }

        var result = ImmutableDictionary.CreateBuilder<TKey, WalkOutcome>();
        for (var i = 0; i < n; i++)
        {
            result[dag.Nodes[i]] = outcome[i] ?? WalkOutcome.NotRun;
        }

        return new WalkResult<TKey>(result.ToImmutable());
    }
}
