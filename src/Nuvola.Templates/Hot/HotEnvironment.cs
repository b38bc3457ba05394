using Nuvola.Model.Diagnostics;
using Nuvola.Templates.Yaml;

namespace Nuvola.Templates.Hot;

/// <summary>Heat environment files merged in order: parameters, parameter_defaults, resource_registry (type aliases and
/// types mapped to template files, globally or per resource); event_sinks are ignored with a warning.</summary>
internal sealed class HotEnvironment
{
    private static readonly string[] Sections = ["parameters", "parameter_defaults", "resource_registry", "event_sinks", "encrypted_param_names", "parameter_merge_strategies"];

    private readonly List<SuppliedValue> _defaults = [];
    private readonly List<SuppliedValue> _parameters = [];
    private readonly List<RegistryEntry> _registry = [];
    private readonly List<ResourceHook> _hooks = [];
    private TemplateFileSource _files = TemplateFileSource.For(new TemplateOptions());

    private static readonly string[] HookPoints = ["pre-create", "pre-update", "pre-delete"];

    /// <summary>The breakpoints set by resource_registry <c>resources: {name: {hooks: …}}</c>.</summary>
    public IReadOnlyList<ResourceHook> Hooks => _hooks;

    private sealed record RegistryEntry(string From, string To, string? Resource, string BaseDirectory, SourceSpan Span);

    public static HotEnvironment Load(IReadOnlyList<string> files, List<Diagnostic> diagnostics) =>
        Load(new TemplateOptions { EnvironmentFiles = files }, diagnostics);

    /// <summary>The environment files, then the environment texts (named environment-1.yaml, … in diagnostics).</summary>
    public static HotEnvironment Load(TemplateOptions options, List<Diagnostic> diagnostics)
    {
        var source = TemplateFileSource.For(options);
        var environment = new HotEnvironment { _files = source };
        foreach (var file in options.EnvironmentFiles)
        {
            var document = source.Load(file);
            diagnostics.AddRange(document.Diagnostics);
            environment.Read(document, source.BaseOf(file), diagnostics);
        }

        // Registry targets of an environment given as text are relative to the working directory (the CLI) or
        // are names of the files map (the API).
        var textBase = options.FilesOnly ? string.Empty : Directory.GetCurrentDirectory();
        var index = 0;
        foreach (var text in options.EnvironmentTexts)
        {
            var document = YamlLoader.Load(text, $"environment-{++index}.yaml");
            diagnostics.AddRange(document.Diagnostics);
            environment.Read(document, textBase, diagnostics);
        }

        return environment;
    }

    public IReadOnlyList<SuppliedValue> ParameterValues(TemplateOptions options)
    {
        var values = new List<SuppliedValue>(_defaults);
        values.AddRange(_parameters);
        var index = 0;
        foreach (var (name, value) in options.Parameters)
        {
            index++;
            values.Add(new SuppliedValue(name, value, Strict: true, new SourceSpan("<command line>", 1, index, $"-P {name}")));
        }

        return values;
    }

    /// <summary>The type a resource really has after the registry, and the directory a template file target is relative to.</summary>
    public (string Type, string? BaseDirectory, SourceSpan? Span) Resolve(string type, string resourceName)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            var entry = _registry.LastOrDefault(e => e.Resource == resourceName && e.From == type)
                ?? _registry.LastOrDefault(e => e.Resource is null && e.From == type)
                ?? _registry.LastOrDefault(e => e.Resource is null && e.From.EndsWith('*') && type.StartsWith(e.From[..^1], StringComparison.Ordinal));
            if (entry is null)
            {
                return (type, null, null);
            }

            var target = entry.From.EndsWith('*') && entry.To.EndsWith('*') ? entry.To[..^1] + type[(entry.From.Length - 1)..] : entry.To;
            if (HotCompiler.IsTemplateReference(target))
            {
                return (target, entry.BaseDirectory, entry.Span);
            }

            if (target == type)
            {
                return (type, null, null);
            }

            type = target;
        }

        return (type, null, null);
    }

    private void Read(YamlDocument document, string directory, List<Diagnostic> diagnostics)
    {
        if (document.Root is null)
        {
            return;
        }

        if (document.Root is not YamlMapping root)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, HotMessages.WrongShape, "an environment must be a mapping of sections", document.Root.Span));
            return;
        }

        foreach (var pair in root.Pairs)
        {
            switch (pair.Key.Text)
            {
                case "parameters":
                    ReadValues(pair.Value, strict: true, _parameters, diagnostics);
                    break;
                case "parameter_defaults":
                    ReadValues(pair.Value, strict: false, _defaults, diagnostics);
                    break;
                case "resource_registry":
                    ReadRegistry(pair.Value, directory, [], diagnostics);
                    break;
                case "event_sinks":
                    diagnostics.Add(new Diagnostic(Severity.Warning, HotMessages.EventSinksIgnored, "event_sinks are ignored: Nuvola records events in its own state", pair.Key.Span, "read events with `nuvola events`"));
                    break;
                case "encrypted_param_names" or "parameter_merge_strategies":
                    break;
                default:
                    diagnostics.Add(new Diagnostic(Severity.Error, HotMessages.EnvironmentSection, $"unknown environment section '{pair.Key.Text}'", pair.Key.Span, Suggestions.DidYouMean(pair.Key.Text, Sections) ?? $"sections are {string.Join(", ", Sections)}"));
                    break;
            }
        }
    }

    private static void ReadValues(YamlNode node, bool strict, List<SuppliedValue> into, List<Diagnostic> diagnostics)
    {
        if (node is YamlScalar { Value: null })
        {
            return;
        }

        if (node is not YamlMapping map)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, HotMessages.WrongShape, "parameters must be a mapping of name to value", node.Span));
            return;
        }

        into.AddRange(map.Pairs.Select(p => new SuppliedValue(p.Key.Text, HotCompiler.RawValue(p.Value), strict, p.Key.Span)));
    }

    private void ReadRegistry(YamlNode node, string directory, System.Collections.Immutable.ImmutableArray<string> path,
        List<Diagnostic> diagnostics)
    {
        if (node is YamlScalar { Value: null })
        {
            return;
        }

        if (node is not YamlMapping map)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, HotMessages.Registry, "resource_registry must be a mapping of type to type or template file", node.Span));
            return;
        }

        var resource = path.Length == 1 ? path[0] : null;
        foreach (var pair in map.Pairs)
        {
            if (path.IsEmpty && pair.Key.Text == "resources")
            {
                if (pair.Value is YamlMapping perResource)
                {
                    foreach (var r in perResource.Pairs)
                    {
                        ReadRegistry(r.Value, directory, [r.Key.Text], diagnostics);
                    }
                }

                continue;
            }

            if (!path.IsEmpty && pair.Key.Text == "hooks")
            {
                ReadHooks(pair.Value, path, diagnostics);
                continue;
            }

            if (!path.IsEmpty && pair.Value is YamlMapping nested)
            {
                // resources: {nested_stack: {child: {hooks: …}}}: a resource of the nested stack
                ReadRegistry(nested, directory, path.Add(pair.Key.Text), diagnostics);
                continue;
            }

            if (pair.Value is YamlScalar { Value: string target })
            {
                if (HotCompiler.IsTemplateReference(target) && !HotCompiler.IsUrl(target) && !_files.Exists(target, directory))
                {
                    diagnostics.Add(new Diagnostic(Severity.Error, HotMessages.Registry, $"resource_registry maps '{pair.Key.Text}' to '{target}', which does not exist", pair.Value.Span,
                        directory.Length > 0 ? $"the path is relative to the environment file ({directory})" : "name a file of the request's files map"));
                }

                if (path.Length <= 1)
                {
                    _registry.Add(new RegistryEntry(pair.Key.Text, target, resource, directory, pair.Value.Span));
                }
            }
            else if (pair.Value is YamlScalar { Value: null })
            {
                continue;
            }
            else
            {
                diagnostics.Add(new Diagnostic(Severity.Error, HotMessages.Registry, $"resource_registry entry '{pair.Key.Text}' must map to a type name or a template file", pair.Value.Span));
            }
        }
    }

    private void ReadHooks(YamlNode node, System.Collections.Immutable.ImmutableArray<string> path, List<Diagnostic> diagnostics)
    {
        var items = node switch
        {
            YamlScalar { Value: string one } => [(one, node.Span)],
            YamlSequence list => list.Items.Select(i => (i is YamlScalar { Value: string s } ? s : string.Empty, i.Span)).ToList(),
            _ => new List<(string, SourceSpan)> { (string.Empty, node.Span) },
        };
        var hooks = new List<string>();
        foreach (var (hook, span) in items)
        {
            if (HookPoints.Contains(hook))
            {
                hooks.Add(hook);
            }
            else
            {
                diagnostics.Add(new Diagnostic(Severity.Error, HotMessages.Registry, $"unknown hook '{hook}' for resource '{string.Join('.', path)}'", span,
                    $"hooks are {string.Join(", ", HookPoints)}"));
            }
        }

        if (hooks.Count > 0)
        {
            _hooks.Add(new ResourceHook(path, [.. hooks]));
        }
    }
}
