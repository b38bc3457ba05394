using System.Collections.Immutable;
using Nuvola.Model.Diagnostics;
using Nuvola.Templates.Yaml;

namespace Nuvola.Templates.Hot;

/// <summary>
/// The HOT front end: a HOT template file (plus environments and parameter values) → topology and diagnostics. Never
/// throws on bad input. <see cref="TemplateLoader"/> is the entry point for any template; this class is for what is
/// HOT by definition (a nested template, Heat's OS::Heat::Stack).
/// </summary>
public static class HotTemplates
{
    /// <summary>A loaded document that <see cref="TemplateLoader"/> found to be HOT.</summary>
    internal static TemplateResult Compile(YamlDocument document, TemplateOptions options)
    {
        var diagnostics = new List<Diagnostic>();
        var environment = HotEnvironment.Load(options, diagnostics);
        return Compile(document, environment, options, diagnostics);
    }

    public static TemplateResult Load(string path, TemplateOptions? options = null)
    {
        options ??= new TemplateOptions();
        var diagnostics = new List<Diagnostic>();
        var environment = HotEnvironment.Load(options, diagnostics);
        return Compile(TemplateFileSource.For(options).Load(path), environment, options, diagnostics);
    }

    public static TemplateResult Parse(string text, string file, TemplateOptions? options = null)
    {
        options ??= new TemplateOptions();
        var diagnostics = new List<Diagnostic>();
        var environment = HotEnvironment.Load(options, diagnostics);
        return Compile(YamlLoader.Load(text, file), environment, options, diagnostics);
    }

    private static TemplateResult Compile(YamlDocument document, HotEnvironment environment, TemplateOptions options, List<Diagnostic> diagnostics)
    {
        var context = new CompileContext(environment, diagnostics, TemplateFileSource.For(options));
        context.Nested[context.Files.IdentityOf(document.File)] = null;
        var topology = HotCompiler.Compile(document, context, environment.ParameterValues(options), options.RequireParameterValues);
        var ordered = diagnostics.Distinct()
            .OrderBy(d => d.Span?.File, StringComparer.Ordinal)
            .ThenBy(d => d.Span?.Line ?? 0)
            .ThenBy(d => d.Span?.Column ?? 0)
            .ThenBy(d => d.Code, StringComparer.Ordinal);
        return new TemplateResult(topology, [.. ordered]) { Hooks = [.. environment.Hooks], ResolveType = (type, name) => environment.Resolve(type, name).Type };
    }
}

/// <summary>What one load shares across the root template and its nested templates.</summary>
internal sealed class CompileContext(HotEnvironment environment, List<Diagnostic> diagnostics, TemplateFileSource files)
{
    /// <summary>Where get_file contents and nested templates come from (the disk, or only the request's files map).</summary>
    public TemplateFileSource Files { get; } = files;

    public HotEnvironment Environment { get; } = environment;

    public List<Diagnostic> Diagnostics { get; } = diagnostics;

    /// <summary>What static evaluation may build across the root template and its nested templates (EVAL009 beyond).</summary>
    public Model.Evaluation.EvaluationBudget Budget { get; } = new();

    /// <summary>Nested templates compiled so far, by full path (null while being compiled: a recursion).</summary>
    public Dictionary<string, Model.Topology.TemplateTopology?> Nested { get; } = new(StringComparer.Ordinal);

    public void Add(Severity severity, string code, string message, SourceSpan? span, string? hint = null) =>
        Diagnostics.Add(new Diagnostic(severity, code, message, span, hint));

    public void Error(string code, string message, SourceSpan? span, string? hint = null) => Add(Severity.Error, code, message, span, hint);
}

/// <summary>Parameter values from environments and the command line, in order of precedence (later wins).</summary>
internal sealed record SuppliedValue(string Name, object? Value, bool Strict, SourceSpan Span);

internal static class SuppliedValues
{
    public static ImmutableArray<SuppliedValue> None => [];
}
