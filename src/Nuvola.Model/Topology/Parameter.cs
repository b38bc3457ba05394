using System.Collections.Immutable;
using Nuvola.Model.Diagnostics;

namespace Nuvola.Model.Topology;

public enum ParameterType
{
    String,
    Number,
    Json,
    CommaDelimitedList,
    Boolean,
}

/// <summary>A template input. Value is what the caller or environment supplied (already converted to the type), or null.</summary>
public sealed record Parameter(
    string Name,
    ParameterType Type,
    object? Default,
    bool HasDefault,
    string? Label,
    string? Description,
    bool Hidden,
    bool Immutable,
    ImmutableArray<ParameterConstraint> Constraints,
    SourceSpan Span)
{
    public object? Value { get; init; }

    public bool HasValue { get; init; }

    /// <summary>The value the stack uses: the supplied one, else the default.</summary>
    public bool TryGetEffectiveValue(out object? value)
    {
        value = HasValue ? Value : Default;
        return HasValue || HasDefault;
    }
}

public enum ConstraintKind
{
    Length,
    Range,
    Modulo,
    AllowedValues,
    AllowedPattern,
    Custom,
}

/// <summary>One parameter constraint. Min/Max for length and range, Step/Offset for modulo, Values, Pattern or CustomName.</summary>
public sealed record ParameterConstraint(ConstraintKind Kind, string? Description, SourceSpan Span)
{
    public double? Min { get; init; }

    public double? Max { get; init; }

    public double? Step { get; init; }

    public double? Offset { get; init; }

    public ImmutableArray<object?> Values { get; init; } = [];

    public string? Pattern { get; init; }

    public string? CustomName { get; init; }
}
