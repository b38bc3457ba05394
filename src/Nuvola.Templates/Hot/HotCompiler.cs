using System.Collections.Immutable;
using Nuvola.Model.Diagnostics;
using Nuvola.Model.Topology;
using Nuvola.Templates.Yaml;

namespace Nuvola.Templates.Hot;

/// <summary>Compiles one HOT document into a <see cref="TemplateTopology"/>, reporting every problem it finds.</summary>
internal sealed partial class HotCompiler
{
    private static readonly string[] Sections = ["heat_template_version", "description", "parameter_groups", "parameters", "resources", "outputs", "conditions"];

    private readonly CompileContext _context;
    private readonly string _file;
    private readonly string _directory;
    private readonly int _depth;
    private HotVersion _version = HotVersion.All[^1];
    private readonly List<Parameter> _parameters = [];
    private readonly List<ConditionDefinition> _conditions = [];
    private readonly List<Resource> _resources = [];
    private readonly List<Output> _outputs = [];
    private readonly Dictionary<string, TemplateTopology> _nested = new(StringComparer.Ordinal);

    private HotCompiler(CompileContext context, string file, int depth)
    {
        _context = context;
        _file = file;
        _directory = context.Files.BaseOf(file);
        _depth = depth;
    }

    public static TemplateTopology? Compile(YamlDocument document, CompileContext context, IReadOnlyList<SuppliedValue> values, bool requireValues, int depth = 0)
    {
        context.Diagnostics.AddRange(document.Diagnostics);
        if (document.Root is null)
        {
            if (document.Diagnostics.Length == 0)
            {
                context.Error(HotMessages.MissingVersion, "the template is empty", new SourceSpan(document.File, 1, 1, string.Empty), "start with heat_template_version: 2021-04-16");
            }

            return null;
        }

        if (document.Root is not YamlMapping root)
        {
            if (document.Diagnostics.Any(d => d.Severity == Severity.Error))
            {
                // What was read before a YAML error is not the template's shape: that error says enough.
                return null;
            }

            context.Error(HotMessages.WrongShape, "a HOT template must be a mapping (heat_template_version, parameters, resources, outputs, …)", document.Root.Span);
            return null;
        }

        return new HotCompiler(context, document.File, depth).Run(root, values, requireValues);
    }

    private TemplateTopology Run(YamlMapping root, IReadOnlyList<SuppliedValue> values, bool requireValues)
    {
        ReadVersion(root);
        foreach (var pair in root.Pairs)
        {
            if (!Sections.Contains(pair.Key.Text))
            {
                Error(HotMessages.UnknownSection, $"unknown top-level section '{pair.Key.Text}'", pair.Key.Span, Suggestions.DidYouMean(pair.Key.Text, Sections) ?? $"sections are {string.Join(", ", Sections)}");
            }
            else if (pair.Key.Text == "conditions" && !_version.HasConditions)
            {
                Error(HotMessages.SectionNotInVersion, $"the conditions section needs heat_template_version 2016-10-14 or later (this template is {_version.Date})", pair.Key.Span, "raise heat_template_version to 2016-10-14 (newton) or later");
            }
        }

        var description = root["description"] is YamlScalar { Value: { } d } ? d.ToString() : null;
        ReadParameters(root["parameters"]);
        ApplyValues(values, requireValues);
        var groups = ReadParameterGroups(root["parameter_groups"]);
        ReadConditions(root["conditions"]);
        ReadResources(root["resources"]);
        ReadOutputs(root["outputs"]);
        Validate();
        return new TemplateTopology(_file, _version.Date, description, [.. _parameters], groups, [.. _conditions], [.. _resources], [.. _outputs], _nested.ToImmutableDictionary());
    }

    private void ReadVersion(YamlMapping root)
    {
        var pair = root.Pair("heat_template_version");
        if (pair is null)
        {
            Error(HotMessages.MissingVersion, "heat_template_version is missing", root.Span, "start the template with heat_template_version: 2021-04-16 (or the version it was written for)");
            return;
        }

        var text = pair.Value is YamlScalar scalar ? scalar.Text : string.Empty;
        if (HotVersion.Find(text) is { } version)
        {
            _version = version;
            return;
        }

        var known = HotVersion.All.Select(v => v.Date).Concat(HotVersion.Aliases.Keys).ToList();
        Error(HotMessages.UnknownVersion, $"unknown heat_template_version '{text}'", pair.Value.Span,
            Suggestions.DidYouMean(text, known) ?? $"known versions: {string.Join(", ", HotVersion.All.Select(v => v.Date))} and the names {string.Join(", ", HotVersion.Aliases.Keys)}");
    }

    private void Error(string code, string message, SourceSpan span, string? hint = null) => _context.Error(code, message, span, hint);

    private void Warn(string code, string message, SourceSpan span, string? hint = null) => _context.Add(Severity.Warning, code, message, span, hint);

    /// <summary>Iterates a section that must be a mapping; reports it otherwise. A missing or empty section yields nothing.</summary>
    private IEnumerable<YamlPair> Entries(YamlNode? node, string section)
    {
        if (node is null or YamlScalar { Value: null })
        {
            return [];
        }

        if (node is YamlMapping map)
        {
            // A name written twice is YAML002 already; as YAML does, the last one wins (in its place).
            var last = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < map.Pairs.Length; i++)
            {
                last[map.Pairs[i].Key.Text] = i;
            }

            return last.Count == map.Pairs.Length ? map.Pairs : map.Pairs.Where((p, i) => last[p.Key.Text] == i);
        }

        Error(HotMessages.WrongShape, $"{section} must be a mapping of name to definition", node.Span);
        return [];
    }

    /// <summary>A YAML node as a plain value (no functions): for parameter defaults and environment values.</summary>
    public static object? RawValue(YamlNode node) => node switch
    {
        YamlScalar scalar => scalar.Value,
        YamlSequence sequence => sequence.Items.Select(RawValue).ToList(),
        YamlMapping mapping => mapping.Pairs.GroupBy(p => p.Key.Text).ToDictionary(g => g.Key, g => RawValue(g.Last().Value)),
        _ => null,
    };

    public static bool IsUrl(string type) => type.StartsWith("http://", StringComparison.Ordinal) || type.StartsWith("https://", StringComparison.Ordinal) || type.StartsWith("file://", StringComparison.Ordinal);

    /// <summary>A resource type that names a template (a file or URL) rather than a registered type.</summary>
    public static bool IsTemplateReference(string type) =>
        IsUrl(type) || type.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || type.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || type.EndsWith(".template", StringComparison.OrdinalIgnoreCase);
}
