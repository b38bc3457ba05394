using System.Collections.Immutable;
using Nuvola.Model.Diagnostics;
using Nuvola.Model.Topology;

namespace Nuvola.Templates.Hot;

/// <summary>What loading a template gives: the compiled topology (null only when the file is not a template at all) and every diagnostic.</summary>
public sealed record TemplateResult(TemplateTopology? Topology, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>How to load a template: environment files (in order), -P values, and whether every parameter needs a value (plan/deploy).</summary>
public sealed record TemplateOptions
{
    public IReadOnlyList<string> EnvironmentFiles { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    public bool RequireParameterValues { get; init; }
}
