using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Nuvola.Engine.Applying;

namespace Nuvola.Stacks.Internal;

/// <summary>OS::Heat::RandomString's generator: length, sequence, character_classes and character_sequences with minimums.</summary>
internal static class RandomStrings
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";

    public static string Class(string name) => name switch
    {
        "letters" => Lower + Upper,
        "lowercase" => Lower,
        "uppercase" => Upper,
        "digits" => Digits,
        "hexdigits" => Digits + "abcdefABCDEF",
        "octdigits" => "01234567",
        _ => Lower + Upper + Digits,
    };

    public static string Generate(string name, JsonElement properties)
    {
        var length = properties.TryGetProperty("length", out var l) && l.TryInteger(out var n) ? n : 32;
        var required = new List<(string Chars, int Min)>();
        foreach (var (key, field) in new[] { ("character_classes", "class"), ("character_sequences", "sequence") })
        {
            if (properties.TryGetProperty(key, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
                {
                    var given = item.TryGetProperty(field, out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "lettersdigits";
                    var min = item.TryGetProperty("min", out var m) && m.TryInteger(out var mv) ? mv : 1;
                    required.Add((field == "class" ? Class(given) : given, min));
                }
            }
        }

        if (required.Count == 0)
        {
            var sequence = properties.TryGetProperty("sequence", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "lettersdigits";
            required.Add((Class(sequence), 0));
        }

        if (required.Sum(r => r.Min) > length)
        {
            throw new DriverException($"OS::Heat::RandomString {name}", null,
                $"length {length} is less than the sum of the minimums ({required.Sum(r => r.Min)})", false);
        }

        var pool = string.Concat(required.Select(r => r.Chars).Distinct());
        if (pool.Length == 0)
        {
            throw new DriverException($"OS::Heat::RandomString {name}", null, "no characters to choose from", false);
        }

        var chars = new List<char>(length);
        foreach (var (set, min) in required)
        {
            for (var i = 0; i < min; i++)
            {
                chars.Add(set[RandomNumberGenerator.GetInt32(set.Length)]);
            }
        }

        while (chars.Count < length)
        {
            chars.Add(pool[RandomNumberGenerator.GetInt32(pool.Length)]);
        }

        var result = chars.ToArray();
        RandomNumberGenerator.Shuffle(result.AsSpan());
        return new StringBuilder().Append(result).ToString();
    }
}
