using System.Collections.Immutable;
using Nuvola.Model.Diagnostics;

namespace Nuvola.Model.Topology;

/// <summary>A value in a template, kept as a tree so that what is known only at deploy time (get_attr) can be evaluated then.</summary>
public abstract record Expression(SourceSpan Span);

/// <summary>A scalar: string, long, double, bool or null.</summary>
public sealed record LiteralExpression(object? Value, SourceSpan Span) : Expression(Span);

public sealed record ListExpression(ImmutableArray<Expression> Items, SourceSpan Span) : Expression(Span);

public sealed record MapEntry(string Key, Expression Value, SourceSpan KeySpan);

public sealed record MapExpression(ImmutableArray<MapEntry> Entries, SourceSpan Span) : Expression(Span)
{
    public Expression? this[string key] => Entries.FirstOrDefault(e => e.Key == key)?.Value;

    public bool ContainsKey(string key) => Entries.Any(e => e.Key == key);
}

/// <summary>An intrinsic function call (get_param, get_attr, if, …); Argument is the function's argument as written.</summary>
public sealed record FunctionExpression(string Name, Expression Argument, SourceSpan Span) : Expression(Span);
