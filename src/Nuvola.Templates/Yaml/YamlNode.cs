using System.Collections.Immutable;
using Nuvola.Model.Diagnostics;

namespace Nuvola.Templates.Yaml;

/// <summary>A YAML node that remembers where it was written: file, line and column (from 1) and its YAML path.</summary>
public abstract record YamlNode(SourceSpan Span);

/// <summary>A scalar, typed as Heat's YAML loader types plain scalars (null, booleans, integers, floats; dates stay strings).</summary>
public sealed record YamlScalar(string Text, object? Value, bool Quoted, SourceSpan Span) : YamlNode(Span);

public sealed record YamlSequence(ImmutableArray<YamlNode> Items, SourceSpan Span) : YamlNode(Span);

public sealed record YamlPair(YamlScalar Key, YamlNode Value);

public sealed record YamlMapping(ImmutableArray<YamlPair> Pairs, SourceSpan Span) : YamlNode(Span)
{
    public YamlNode? this[string key] => Pairs.LastOrDefault(p => p.Key.Text == key)?.Value;

    public YamlPair? Pair(string key) => Pairs.LastOrDefault(p => p.Key.Text == key);
}

/// <summary>A loaded YAML document: the root (null when the file is empty or unreadable) and every problem found.</summary>
public sealed record YamlDocument(string File, YamlNode? Root, ImmutableArray<Diagnostic> Diagnostics);
