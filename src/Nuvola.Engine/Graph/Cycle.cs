using System.Collections.Immutable;

namespace Nuvola.Engine.Graph;

/// <summary>
/// A cyclic dependency: the nodes of one strongly connected component (in node order) and one concrete closed path
/// through it, first node repeated at the end (a → b → a; a self-dependency is a → a).
/// </summary>
public sealed record Cycle<TKey>(ImmutableArray<TKey> Members, ImmutableArray<TKey> Path)
{
    public override string ToString() => string.Join(" -> ", Path);
}
