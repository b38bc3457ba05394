using System.Collections.Immutable;
using Nuvola.Model.Diagnostics;

namespace Nuvola.Model.Topology;

public enum DeletionPolicy
{
    Delete,
    Retain,
    Snapshot,
}

/// <summary>One resource of a template.</summary>
/// <param name="Type">The type as written (OS::Nova::Server, a nested template file, or a registry alias).</param>
/// <param name="ResolvedType">The type after the environment's resource_registry (what a driver implements, or a template file).</param>
/// <param name="Dependencies">Every resource this one needs first: depends_on plus get_resource/get_attr references, sorted.</param>
public sealed record Resource(
    string Name,
    string Type,
    string ResolvedType,
    MapExpression? Properties,
    Expression? Metadata,
    ImmutableArray<string> DependsOn,
    Expression? UpdatePolicy,
    DeletionPolicy DeletionPolicy,
    Expression? Condition,
    Expression? ExternalId,
    string? Description,
    ImmutableArray<string> Dependencies,
    SourceSpan Span);
