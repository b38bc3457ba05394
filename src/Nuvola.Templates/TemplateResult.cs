using System.Collections.Immutable;
using Nuvola.Model.Diagnostics;
using Nuvola.Model.Topology;

namespace Nuvola.Templates;

/// <summary>The template languages <see cref="TemplateLoader"/> knows, told apart by the document's version key.</summary>
public enum TemplateLanguage
{
    /// <summary>No version key: not a template of any known language.</summary>
    Unknown,

    /// <summary>Heat Orchestration Template (<c>heat_template_version</c>).</summary>
    Hot,

    /// <summary>TOSCA Simple Profile in YAML (<c>tosca_definitions_version</c>).</summary>
    Tosca,
}

/// <summary>
/// What loading a template gives: the compiled topology (null when the file is not a template at all, or its
/// language cannot compile to a topology yet) and every diagnostic.
/// </summary>
public sealed record TemplateResult(TemplateTopology? Topology, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>The language the document's version key named.</summary>
    public TemplateLanguage Language { get; init; } = TemplateLanguage.Hot;

    /// <summary>Breakpoints the environments set (resource_registry <c>resources: {name: {hooks: …}}</c>), in order.</summary>
    public ImmutableArray<ResourceHook> Hooks { get; init; } = [];

    /// <summary>
    /// The environment's resource_registry as a function: (type as written, resource name) → the type after the
    /// registry (a template file name is the key of <see cref="TemplateTopology.NestedTemplates"/>). For the members
    /// of a ResourceGroup, whose definitions are not resources of the topology.
    /// </summary>
    public Func<string, string, string> ResolveType { get; init; } = (type, _) => type;
}

/// <summary>
/// A breakpoint from an environment: <paramref name="Path"/> names the resource (one element per nesting level; each
/// may end in <c>*</c> as a wildcard), <paramref name="Hooks"/> the points (pre-create, pre-update, pre-delete).
/// </summary>
public sealed record ResourceHook(ImmutableArray<string> Path, ImmutableArray<string> Hooks);

/// <summary>How to load a template: environment files (in order), -P values, and whether every parameter needs a value (plan/deploy).</summary>
public sealed record TemplateOptions
{
    public IReadOnlyList<string> EnvironmentFiles { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    public bool RequireParameterValues { get; init; }

    /// <summary>Environments as YAML/JSON text (Heat's API `environment`), read after <see cref="EnvironmentFiles"/>.</summary>
    public IReadOnlyList<string> EnvironmentTexts { get; init; } = [];

    /// <summary>
    /// Files by the name the template or an environment uses (Heat's `files`: get_file contents and nested
    /// templates); looked up before the disk, by the name as written, then by full path and file:// URL.
    /// </summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Files-map only (the Heat API): the root template, environment files, get_file and nested templates come
    /// from <see cref="Files"/> and nothing else; the load never touches the disk or the network, and any other
    /// name (absolute, ../, a URL) is an error. Off (the CLI), names not in <see cref="Files"/> are read from disk.
    /// </summary>
    public bool FilesOnly { get; init; }
}
