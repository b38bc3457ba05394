using System.Collections.Immutable;

namespace Nuvola.Engine.Graph;

/// <summary>A topological order, complete when <see cref="Cycles"/> is empty.</summary>
public sealed record TopologicalResult<TKey>(ImmutableArray<TKey> Order, ImmutableArray<Cycle<TKey>> Cycles)
{
    public bool IsAcyclic => Cycles.IsEmpty;
}
