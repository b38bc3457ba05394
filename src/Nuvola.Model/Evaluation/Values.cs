using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Nuvola.Model.Evaluation;

/// <summary>Helpers over evaluated values: string, long, double, bool, null, IReadOnlyList&lt;object?&gt;, IReadOnlyDictionary&lt;string, object?&gt;, or Unknown.</summary>
public static class Values
{
    public static bool IsUnknown(object? value) => value is UnknownValue;

    public static string TypeName(object? value) => value switch
    {
        null => "null",
        string => "string",
        long or int or double => "number",
        bool => "boolean",
        IReadOnlyList<object?> => "list",
        IReadOnlyDictionary<string, object?> => "map",
        UnknownValue => "unknown",
        _ => value.GetType().Name,
    };

    /// <summary>
    /// A value's size as <see cref="EvaluationBudget"/> counts it: characters of text plus items of lists and entries
    /// of maps (keys count as text), 1 for any other scalar. Stops counting past <paramref name="cap"/>.
    /// </summary>
    public static long Size(object? value, long cap)
    {
        var size = 0L;
        var pending = new Stack<object?>();
        pending.Push(value);
        while (pending.Count > 0 && size <= cap)
        {
            switch (pending.Pop())
            {
                case string s:
                    size += s.Length;
                    break;
                case IReadOnlyDictionary<string, object?> map:
                    foreach (var (key, item) in map)
                    {
                        size += 1 + key.Length;
                        pending.Push(item);
                    }

                    break;
                case IReadOnlyList<object?> list:
                    size += list.Count;
                    foreach (var item in size > cap ? [] : list)
                    {
                        pending.Push(item);
                    }

                    break;
                default:
                    size++;
                    break;
            }
        }

        return size;
    }

    /// <summary>A scalar as text (numbers invariant, booleans lower case); lists and maps as JSON.</summary>
    public static string ToText(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => ToPythonJson(value),
    };

    /// <summary>JSON as Heat writes it into strings (Python's json.dumps: ", " and ": " separators), for list_join and str_replace.</summary>
    public static string ToPythonJson(object? value)
    {
        var text = new StringBuilder();
        AppendPythonJson(text, value);
        return text.ToString();
    }

    private static void AppendPythonJson(StringBuilder text, object? value)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> map:
                text.Append('{');
                var first = true;
                foreach (var (key, item) in map)
                {
                    text.Append(first ? string.Empty : ", ").Append(JsonSerializer.Serialize(key, RelaxedJson)).Append(": ");
                    AppendPythonJson(text, item);
                    first = false;
                }

                text.Append('}');
                break;
            case IReadOnlyList<object?> list:
                text.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    text.Append(i == 0 ? string.Empty : ", ");
                    AppendPythonJson(text, list[i]);
                }

                text.Append(']');
                break;
            case string s:
                text.Append(JsonSerializer.Serialize(s, RelaxedJson));
                break;
            default:
                text.Append(ToJson(value));
                break;
        }
    }

    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToJson(object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null or UnknownValue:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    /// <summary>Converts parsed JSON into evaluated values.</summary>
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value)),
        _ => null,
    };

    public static new bool Equals(object? left, object? right)
    {
        switch (left, right)
        {
            case (null, null):
                return true;
            case (IReadOnlyList<object?> a, IReadOnlyList<object?> b):
                return a.Count == b.Count && a.Zip(b).All(p => Equals(p.First, p.Second));
            case (IReadOnlyDictionary<string, object?> a, IReadOnlyDictionary<string, object?> b):
                return a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var other) && Equals(p.Value, other));
            default:
                if (TryNumber(left, out var x) && TryNumber(right, out var y) && left is not string && right is not string)
                {
                    return x == y;
                }

                return object.Equals(left, right);
        }
    }

    public static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case long l:
                number = l;
                return true;
            case int i:
                number = i;
                return true;
            case double d:
                number = d;
                return true;
            case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                number = parsed;
                return true;
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>Heat's boolean conversion: true/false, yes/no, on/off, 1/0 (strings or values).</summary>
    public static bool TryBoolean(object? value, out bool result)
    {
        switch (value)
        {
            case bool b:
                result = b;
                return true;
            case long l when l is 0 or 1:
                result = l == 1;
                return true;
            case string s:
                switch (s.Trim().ToLowerInvariant())
                {
                    case "true" or "yes" or "on" or "t" or "y" or "1":
                        result = true;
                        return true;
                    case "false" or "no" or "off" or "f" or "n" or "0":
                        result = false;
                        return true;
                }

                break;
        }

        result = false;
        return false;
    }

    /// <summary>Follows a path (map keys, list indexes) into a value; null when a step is missing.</summary>
    public static object? Select(object? value, IEnumerable<object?> path)
    {
        foreach (var step in path)
        {
            if (value is UnknownValue || step is UnknownValue)
            {
                return UnknownValue.Instance;
            }

            value = value switch
            {
                IReadOnlyDictionary<string, object?> map => map.TryGetValue(ToText(step), out var item) ? item : null,
                IReadOnlyList<object?> list when TryNumber(step, out var index) && index >= 0 && index < list.Count && index == Math.Floor(index) => list[(int)index],
                _ => null,
            };
        }

        return value;
    }
}
