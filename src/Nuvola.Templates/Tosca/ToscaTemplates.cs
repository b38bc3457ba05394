using Nuvola.Model.Diagnostics;
using Nuvola.Templates.Hot;
using Nuvola.Templates.Yaml;

namespace Nuvola.Templates.Tosca;

/// <summary>
/// The TOSCA front end (TOSCA Simple Profile in YAML), as far as it goes today: it checks tosca_definitions_version
/// and the top-level keys, and says that the rest is not compiled yet. It compiles to no topology; the front end that
/// compiles node templates replaces this class behind the same <see cref="Compile"/>.
/// </summary>
public static class ToscaTemplates
{
    public const string VersionKey = "tosca_definitions_version";

    /// <summary>The versions of the Simple Profile in YAML, oldest first.</summary>
    public static readonly IReadOnlyList<string> Versions =
        ["tosca_simple_yaml_1_0", "tosca_simple_yaml_1_1", "tosca_simple_yaml_1_2", "tosca_simple_yaml_1_3"];

    /// <summary>The keys a service template may have at its top level.</summary>
    private static readonly string[] Sections =
    [
        VersionKey, "namespace", "metadata", "description", "dsl_definitions", "repositories", "imports",
        "artifact_types", "data_types", "capability_types", "interface_types", "relationship_types", "node_types",
        "group_types", "policy_types", "topology_template",
    ];

    /// <summary>A version written with its patch level (…_1_1_0, as 1.1.0) is compared without it.</summary>
    private static string Trimmed(string text) => text.EndsWith("_0", StringComparison.Ordinal) && text.Count(c => c == '_') > 4 ? text[..^2] : text;

    /// <summary>A loaded document that <see cref="TemplateLoader"/> found to be TOSCA (its root holds the version key).</summary>
    internal static TemplateResult Compile(YamlDocument document, TemplateOptions options)
    {
        var diagnostics = new List<Diagnostic>(document.Diagnostics);
        var root = (YamlMapping)document.Root!;
        var version = root.Pair(VersionKey)!;
        var text = version.Value is YamlScalar scalar ? scalar.Text : string.Empty;
        if (!Versions.Contains(text, StringComparer.Ordinal))
        {
            diagnostics.Add(new Diagnostic(Severity.Error, ToscaMessages.UnknownVersion, $"unknown {VersionKey} '{text}'",
                version.Value.Span, Suggestions.DidYouMean(Trimmed(text), Versions) ?? $"known versions: {string.Join(", ", Versions)}"));
        }

        foreach (var pair in root.Pairs.Where(p => !Sections.Contains(p.Key.Text, StringComparer.Ordinal)))
        {
            diagnostics.Add(new Diagnostic(Severity.Error, ToscaMessages.UnknownSection, $"unknown top-level key '{pair.Key.Text}'",
                pair.Key.Span, Suggestions.DidYouMean(pair.Key.Text, Sections) ?? $"a TOSCA service template has {string.Join(", ", Sections)}"));
        }

        // Honest about the rest: validate says what was not checked; plan and deploy cannot go on.
        diagnostics.Add(options.RequireParameterValues
            ? new Diagnostic(Severity.Error, ToscaMessages.NotImplemented, "deploying TOSCA templates is not implemented yet",
                version.Key.Span, "deploy a HOT template (heat_template_version) for now")
            : new Diagnostic(Severity.Info, ToscaMessages.NotImplemented,
                "TOSCA front end: the version and the top-level keys are checked; types, inputs and node templates are not compiled yet",
                version.Key.Span));
        return new TemplateResult(null, [.. diagnostics]);
    }
}

/// <summary>The stable diagnostic codes of TOSCA templates (docs/templates.md lists them).</summary>
public static class ToscaMessages
{
    /// <summary>tosca_definitions_version names no known version (the hint names the nearest).</summary>
    public const string UnknownVersion = "TOSCA001";

    /// <summary>An unknown top-level key.</summary>
    public const string UnknownSection = "TOSCA002";

    /// <summary>What the TOSCA front end does not do yet: info in validate, an error in plan and deploy.</summary>
    public const string NotImplemented = "TOSCA003";
}
