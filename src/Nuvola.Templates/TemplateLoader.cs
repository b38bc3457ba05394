using System.Collections.Immutable;
using Nuvola.Model.Diagnostics;
using Nuvola.Templates.Hot;
using Nuvola.Templates.Tosca;
using Nuvola.Templates.Yaml;

namespace Nuvola.Templates;

/// <summary>
/// The one entry point for any template (validate, plan, deploy, Heat's API): the document's own version key names
/// its language (<c>heat_template_version</c> → HOT, <c>tosca_definitions_version</c> → TOSCA) and that language's
/// front end compiles it. A document with neither key is one located error (<c>TPL001</c>) with a did-you-mean naming
/// the nearest key. Never throws on bad input.
/// </summary>
public static class TemplateLoader
{
    /// <summary>One language: the key that names it, an example of its first line, and its front end.</summary>
    private sealed record FrontEnd(string VersionKey, TemplateLanguage Language, string Example,
        Func<YamlDocument, TemplateOptions, TemplateResult> Compile);

    /// <summary>The languages, one registration each (a new front end adds its line here).</summary>
    private static readonly FrontEnd[] FrontEnds =
    [
        new("heat_template_version", TemplateLanguage.Hot, "heat_template_version: 2021-04-16", HotTemplates.Compile),
        new(ToscaTemplates.VersionKey, TemplateLanguage.Tosca, $"{ToscaTemplates.VersionKey}: {ToscaTemplates.Versions[^1]}", ToscaTemplates.Compile),
    ];

    /// <summary>The version keys, in registration order.</summary>
    public static IReadOnlyList<string> VersionKeys { get; } = [.. FrontEnds.Select(f => f.VersionKey)];

    /// <summary>A template file (or its text from <see cref="TemplateOptions.Files"/>; with FilesOnly, from there only).</summary>
    public static TemplateResult Load(string path, TemplateOptions? options = null)
    {
        options ??= new TemplateOptions();
        return Compile(TemplateFileSource.For(options).Load(path), options);
    }

    /// <summary>A template given as text; <paramref name="file"/> names it in diagnostics and anchors relative paths.</summary>
    public static TemplateResult Parse(string text, string file, TemplateOptions? options = null) =>
        Compile(YamlLoader.Load(text, file), options ?? new TemplateOptions());

    /// <summary>The language a document's version key names (Unknown when it has none).</summary>
    public static TemplateLanguage LanguageOf(YamlDocument document) =>
        document.Root is YamlMapping root ? Find(root)?.Language ?? TemplateLanguage.Unknown : TemplateLanguage.Unknown;

    private static FrontEnd? Find(YamlMapping root) =>
        root.Pairs.Select(p => FrontEnds.FirstOrDefault(f => f.VersionKey == p.Key.Text)).FirstOrDefault(f => f is not null);

    /// <summary>YAML faults after which the tree is only what was read before them: a front end would guess at the rest.</summary>
    private static readonly HashSet<string> Unreadable =
        [YamlMessages.Syntax, YamlMessages.Tab, YamlMessages.Unreadable, YamlMessages.DocumentTooLarge];

    private static TemplateResult Compile(YamlDocument document, TemplateOptions options)
    {
        if (document.Diagnostics.Any(d => d.Severity == Severity.Error && Unreadable.Contains(d.Code)))
        {
            // The YAML's own errors say where; the language's checks of a half-read document would mislead.
            return Unknown(document.Diagnostics);
        }

        if (document.Root is YamlMapping root && Find(root) is { } frontEnd)
        {
            return frontEnd.Compile(document, options) with { Language = frontEnd.Language };
        }

        if (document.Diagnostics.Any(d => d.Severity == Severity.Error))
        {
            // A document YAML cannot read: its own errors say where (a key after a syntax error is not seen).
            return Unknown(document.Diagnostics);
        }

        var examples = string.Join(" or ", FrontEnds.Select(f => $"`{f.Example}` ({f.Language.ToString().ToUpperInvariant()})"));
        var start = new SourceSpan(document.File, 1, 1, string.Empty);
        Diagnostic problem = document.Root switch
        {
            null => new(Severity.Error, TemplateMessages.NoVersionKey, "the template is empty", start, $"start it with {examples}"),
            YamlMapping mapping => MissingKey(mapping, examples),
            _ => new(Severity.Error, TemplateMessages.NotAMapping,
                "a template must be a mapping whose first key names its language (heat_template_version or tosca_definitions_version)",
                document.Root.Span, $"start it with {examples}"),
        };
        return Unknown([.. document.Diagnostics, problem]);
    }

    /// <summary>One error at the key nearest to a version key (a misspelling), else at the start of the mapping.</summary>
    private static Diagnostic MissingKey(YamlMapping root, string examples)
    {
        var nearest = root.Pairs
            .Select(p => (Pair: p, Key: Suggestions.Closest(p.Key.Text, VersionKeys)))
            .Where(x => x.Key is not null)
            .OrderBy(x => Suggestions.Distance(x.Pair.Key.Text.ToLowerInvariant(), x.Key!))
            .FirstOrDefault();
        if (nearest.Key is { } key)
        {
            return new(Severity.Error, TemplateMessages.NoVersionKey,
                $"unknown top-level key '{nearest.Pair.Key.Text}': the template has no version key, so its language is unknown",
                nearest.Pair.Key.Span, $"did you mean '{key}'?");
        }

        var keys = string.Join(", ", VersionKeys);
        return new(Severity.Error, TemplateMessages.NoVersionKey,
            $"the template has no version key ({keys}), so its language is unknown", root.Span, $"start it with {examples}");
    }

    private static TemplateResult Unknown(ImmutableArray<Diagnostic> diagnostics) =>
        new(null, diagnostics) { Language = TemplateLanguage.Unknown };
}

/// <summary>The entry point's own diagnostic codes (docs/templates.md).</summary>
public static class TemplateMessages
{
    /// <summary>No heat_template_version or tosca_definitions_version (the hint names the nearest key).</summary>
    public const string NoVersionKey = "TPL001";

    /// <summary>The document is not a mapping.</summary>
    public const string NotAMapping = "TPL002";
}
