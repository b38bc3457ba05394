using System.Collections.Immutable;
using Nuvola.Model.Diagnostics;

namespace Nuvola.Model.Topology;

/// <summary>A compiled template: what to deploy, with expressions left for the engine to evaluate.</summary>
/// <param name="Version">The canonical template version (e.g. 2018-08-31 for `rocky`).</param>
/// <param name="NestedTemplates">Compiled templates used as resource types, keyed by the type name as written (file name or registry alias).</param>
public sealed record TemplateTopology(
    string File,
    string Version,
    string? Description,
    ImmutableArray<Parameter> Parameters,
    ImmutableArray<ParameterGroup> ParameterGroups,
    ImmutableArray<ConditionDefinition> Conditions,
    ImmutableArray<Resource> Resources,
    ImmutableArray<Output> Outputs,
    ImmutableDictionary<string, TemplateTopology> NestedTemplates)
{
    public Resource? FindResource(string name) => Resources.FirstOrDefault(r => r.Name == name);

    public Parameter? FindParameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);
}

public sealed record ParameterGroup(string? Label, string? Description, ImmutableArray<string> Parameters, SourceSpan Span);

public sealed record ConditionDefinition(string Name, Expression Definition, SourceSpan Span);

public sealed record Output(string Name, Expression? Value, Expression? Condition, string? Description, SourceSpan Span);
