using System.Globalization;
using System.Text.RegularExpressions;
using Nuvola.Model.Evaluation;
using Nuvola.Model.Topology;

namespace Nuvola.Templates.Hot;

/// <summary>Checks a typed parameter value against one constraint (custom constraints: only the local ones).</summary>
internal static class ParameterChecks
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    public static bool IsValidPattern(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, RegexTimeout);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Why the value breaks the constraint ("must be …"), or null when it holds or cannot be checked here.</summary>
    public static string? Violation(ParameterConstraint constraint, object? value)
    {
        switch (constraint.Kind)
        {
            case ConstraintKind.Length:
                var length = value switch
                {
                    string s => s.Length,
                    IReadOnlyList<object?> l => l.Count,
                    IReadOnlyDictionary<string, object?> m => m.Count,
                    _ => -1,
                };
                return length >= 0 && ((constraint.Min is { } min && length < min) || (constraint.Max is { } max && length > max))
                    ? $"must have a length {Bounds(constraint)} (it has {length})"
                    : null;
            case ConstraintKind.Range:
                return Values.TryNumber(value, out var n) && ((constraint.Min is { } low && n < low) || (constraint.Max is { } high && n > high))
                    ? $"must be {Bounds(constraint)}"
                    : null;
            case ConstraintKind.Modulo:
                return Values.TryNumber(value, out var m2) && constraint.Step is { } step && constraint.Offset is { } offset && ((m2 % step) + step) % step != offset
                    ? $"must be {F(offset)} modulo {F(step)}"
                    : null;
            case ConstraintKind.AllowedValues:
                var items = value is IReadOnlyList<object?> list ? list : [value];
                return items.All(item => constraint.Values.Any(allowed => Values.Equals(allowed, item) || Values.ToText(allowed) == Values.ToText(item)))
                    ? null
                    : $"must be one of {string.Join(", ", constraint.Values.Select(Values.ToText))}";
            case ConstraintKind.AllowedPattern:
                try
                {
                    var match = Regex.Match(Values.ToText(value), constraint.Pattern!, RegexOptions.None, RegexTimeout);
                    return match.Success && match.Index == 0 && match.Length == Values.ToText(value).Length ? null : $"must match the pattern '{constraint.Pattern}'";
                }
                catch (RegexMatchTimeoutException)
                {
                    return $"could not be matched against '{constraint.Pattern}' in time";
                }

            default:
                return CustomConstraints.CheckLocally(constraint.CustomName!, value);
        }
    }

    private static string Bounds(ParameterConstraint c) => (c.Min, c.Max) switch
    {
        ({ } min, { } max) => $"between {F(min)} and {F(max)}",
        ({ } min, null) => $"at least {F(min)}",
        (null, { } max) => $"at most {F(max)}",
        _ => "in range",
    };

    private static string F(double d) => d.ToString(CultureInfo.InvariantCulture);
}
