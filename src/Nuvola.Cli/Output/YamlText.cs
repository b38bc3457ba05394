using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Nuvola.Cli.Output;

/// <summary>
/// JSON documents as block YAML (the -f yaml output): plain scalars where YAML reads them back as the same string,
/// double-quoted (JSON escapes, which YAML accepts) otherwise, so that a YAML parser gives back the JSON document.
/// </summary>
internal static partial class YamlText
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    };

    public static string Write(JsonNode? node)
    {
        var text = new StringBuilder();
        switch (node)
        {
            case JsonObject { Count: > 0 } obj:
                WriteObject(text, obj, 0);
                break;
            case JsonArray { Count: > 0 } array:
                WriteArray(text, array, 0);
                break;
            default:
                text.AppendLine(Scalar(node));
                break;
        }

        return text.ToString();
    }

    private static void WriteObject(StringBuilder text, JsonObject obj, int indent, bool firstInline = false)
    {
        var first = true;
        foreach (var (key, value) in obj)
        {
            if (!(first && firstInline))
            {
                text.Append(' ', indent);
            }

            first = false;
            text.Append(Key(key)).Append(':');
            WriteValue(text, value, indent + 2, listUnderKey: true);
        }
    }

    private static void WriteArray(StringBuilder text, JsonArray array, int indent, bool firstInline = false)
    {
        var first = true;
        foreach (var item in array)
        {
            if (!(first && firstInline))
            {
                text.Append(' ', indent);
            }

            first = false;
            text.Append('-');
            switch (item)
            {
                case JsonObject { Count: > 0 } obj:
                    text.Append(' ');
                    WriteObject(text, obj, indent + 2, firstInline: true);
                    break;
                case JsonArray { Count: > 0 } nested:
                    text.Append(' ');
                    WriteArray(text, nested, indent + 2, firstInline: true);
                    break;
                default:
                    text.Append(' ').AppendLine(Scalar(item));
                    break;
            }
        }
    }

    private static void WriteValue(StringBuilder text, JsonNode? value, int indent, bool listUnderKey)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } obj:
                text.AppendLine();
                WriteObject(text, obj, indent);
                break;
            case JsonArray { Count: > 0 } array:
                text.AppendLine();
                WriteArray(text, array, listUnderKey ? indent - 2 : indent);
                break;
            default:
                text.Append(' ').AppendLine(Scalar(value));
                break;
        }
    }

    private static string Key(string key) => Plain(key) ? key : JsonSerializer.Serialize(key);

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue value when value.GetValueKind() == JsonValueKind.String =>
            value.GetValue<string>() is var s && Plain(s) ? s : JsonSerializer.Serialize(value.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    private static bool Plain(string value) =>
        value.Length > 0 && PlainPattern().IsMatch(value) && !Reserved.Contains(value) &&
        !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) &&
        !value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("0o", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^[A-Za-z0-9_/.(][A-Za-z0-9_/.,()+=@ -]*(?<! )$")]
    private static partial Regex PlainPattern();
}
