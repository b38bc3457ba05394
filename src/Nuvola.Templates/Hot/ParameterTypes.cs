using System.Text.Json;
using Nuvola.Model.Evaluation;
using Nuvola.Model.Topology;

namespace Nuvola.Templates.Hot;

/// <summary>HOT parameter types: names and conversion of supplied values (strings from -P, YAML values from files).</summary>
internal static class ParameterTypes
{
    public static readonly string[] Names = ["string", "number", "json", "comma_delimited_list", "boolean"];

    public static ParameterType? Parse(string name) => name switch
    {
        "string" => ParameterType.String,
        "number" => ParameterType.Number,
        "json" => ParameterType.Json,
        "comma_delimited_list" => ParameterType.CommaDelimitedList,
        "boolean" => ParameterType.Boolean,
        _ => null,
    };

    public static string Name(ParameterType type) => Names[(int)type];

    public static bool TryConvert(object? value, ParameterType type, out object? result, out string problem)
    {
        problem = string.Empty;
        result = null;
        switch (type)
        {
            case ParameterType.String when value is IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>:
                problem = $"a {Values.TypeName(value)} is not a string";
                return false;
            case ParameterType.String:
                result = value is null ? string.Empty : Values.ToText(value);
                return true;
            case ParameterType.Number:
                if (value is long or double)
                {
                    result = value;
                    return true;
                }

                if (value is string s && Values.TryNumber(s, out var n))
                {
                    result = n == Math.Floor(n) && Math.Abs(n) < long.MaxValue ? (long)n : (object)n;
                    return true;
                }

                problem = $"'{Values.ToText(value)}' is not a number";
                return false;
            case ParameterType.Boolean:
                if (Values.TryBoolean(value, out var b))
                {
                    result = b;
                    return true;
                }

                problem = $"'{Values.ToText(value)}' is not a boolean (true/false, yes/no, on/off, 1/0)";
                return false;
            case ParameterType.CommaDelimitedList:
                result = value switch
                {
                    null => new List<object?>(),
                    IReadOnlyList<object?> list => list.Select(i => (object?)Values.ToText(i)).ToList(),
                    string text when text.Length == 0 => new List<object?>(),
                    IReadOnlyDictionary<string, object?> => null,
                    _ => Values.ToText(value).Split(',').Select(i => (object?)i.Trim()).ToList(),
                };
                problem = result is null ? "a map is not a comma-delimited list" : string.Empty;
                return result is not null;
            default:
                if (value is string json)
                {
                    try
                    {
                        using var document = JsonDocument.Parse(json.Length == 0 ? "{}" : json);
                        result = Values.FromJson(document.RootElement);
                        return true;
                    }
                    catch (JsonException exception)
                    {
                        problem = $"not valid JSON ({exception.Message})";
                        return false;
                    }
                }

                result = value ?? new Dictionary<string, object?>();
                return true;
        }
    }
}
