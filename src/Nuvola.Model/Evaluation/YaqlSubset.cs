using System.Globalization;

namespace Nuvola.Model.Evaluation;

/// <summary>The part of YAQL Nuvola evaluates: a path from <c>$</c> (the context, whose <c>data</c> is yaql's data) through
/// <c>.key</c> and <c>[index]</c>, and the methods len/count, keys, values, distinct, flatten, sum, max, min, first, last,
/// toUpper, toLower and join('sep'). Anything else is reported as unsupported (docs/templates.md).</summary>
public static class YaqlSubset
{
    public static readonly IReadOnlySet<string> Methods = new HashSet<string>(StringComparer.Ordinal)
    {
        "len", "count", "keys", "values", "distinct", "flatten", "sum", "max", "min", "first", "last", "toUpper", "toLower", "join",
    };

    /// <summary>Checks that the expression is in the subset; error names what is not.</summary>
    public static bool IsSupported(string expression, out string? error)
    {
        Evaluate(expression, null, out error, parseOnly: true);
        return error is null;
    }

    public static object? Evaluate(string expression, object? data, out string? error) => Evaluate(expression, data, out error, parseOnly: false);

    private static object? Evaluate(string expression, object? data, out string? error, bool parseOnly)
    {
        error = null;
        var text = expression.Trim();
        var position = 0;
        if (!text.StartsWith('$'))
        {
            error = Unsupported(text, 0);
            return null;
        }

        position++;
        object? value = new Dictionary<string, object?> { ["data"] = data };
        while (position < text.Length)
        {
            if (text[position] == '.')
            {
                position++;
                var start = position;
                while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
                {
                    position++;
                }

                var name = text[start..position];
                if (name.Length == 0)
                {
                    error = Unsupported(text, start);
                    return null;
                }

                if (position < text.Length && text[position] == '(')
                {
                    var close = text.IndexOf(')', position);
                    if (close < 0 || !Methods.Contains(name))
                    {
                        error = $"yaql: method '{name}' is not in the supported subset ({string.Join(", ", Methods)})";
                        return null;
                    }

                    var argument = text[(position + 1)..close].Trim();
                    position = close + 1;
                    if (argument.Length > 0 && !(name == "join" && argument.Length >= 2 && argument[0] is '\'' or '"' && argument[^1] == argument[0]))
                    {
                        error = $"yaql: arguments of '{name}()' are not supported";
                        return null;
                    }

                    value = parseOnly ? null : Apply(name, value, argument.Length >= 2 ? argument[1..^1] : string.Empty);
                }
                else
                {
                    value = parseOnly ? null : Values.Select(value, [name]);
                }
            }
            else if (text[position] == '[')
            {
                var close = text.IndexOf(']', position);
                var inside = close < 0 ? string.Empty : text[(position + 1)..close].Trim();
                if (!int.TryParse(inside, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
                {
                    error = Unsupported(text, position);
                    return null;
                }

                position = close + 1;
                value = parseOnly ? null : Values.Select(value, [(long)index]);
            }
            else if (char.IsWhiteSpace(text[position]))
            {
                error = Unsupported(text, position);
                return null;
            }
            else
            {
                error = Unsupported(text, position);
                return null;
            }
        }

        return value;
    }

    private static string Unsupported(string text, int position) =>
        $"yaql: '{text}' is outside the supported subset (a path from $ with .key, [index] and {string.Join("/", Methods)}()) at character {position + 1}";

    private static object? Apply(string method, object? value, string argument)
    {
        var list = value switch
        {
            IReadOnlyList<object?> l => l,
            IReadOnlyDictionary<string, object?> m when method is "keys" => m.Keys.Cast<object?>().ToList(),
            IReadOnlyDictionary<string, object?> m when method is "values" => m.Values.ToList(),
            _ => null,
        };
        return method switch
        {
            "len" or "count" => value switch
            {
                string s => (long)s.Length,
                IReadOnlyDictionary<string, object?> m => (long)m.Count,
                _ => (long)(list?.Count ?? 0),
            },
            "keys" or "values" => list,
            "distinct" => list?.Aggregate(new List<object?>(), (acc, item) =>
            {
                if (!acc.Any(a => Values.Equals(a, item)))
                {
                    acc.Add(item);
                }

                return acc;
            }),
            "flatten" => list?.SelectMany(item => item as IReadOnlyList<object?> ?? [item]).ToList(),
            "sum" => list?.Sum(item => Values.TryNumber(item, out var n) ? n : 0) is { } sum && sum == Math.Floor(sum) ? (long)sum : list?.Sum(item => Values.TryNumber(item, out var n) ? n : 0),
            "max" => list?.MaxBy(item => Values.TryNumber(item, out var n) ? n : double.MinValue),
            "min" => list?.MinBy(item => Values.TryNumber(item, out var n) ? n : double.MaxValue),
            "first" => list is { Count: > 0 } ? list[0] : null,
            "last" => list is { Count: > 0 } ? list[^1] : null,
            "toUpper" => Values.ToText(value).ToUpperInvariant(),
            "toLower" => Values.ToText(value).ToLowerInvariant(),
            "join" => list is null ? null : string.Join(argument, list.Select(Values.ToText)),
            _ => null,
        };
    }
}
