using System.Globalization;
using System.Text;
using System.Text.Json;
using Nuvola.Model.Evaluation;

namespace Nuvola.Stacks.Internal;

/// <summary>The config text of CloudConfig (#cloud-config YAML) and MultipartMime (a MIME multipart message).</summary>
internal static class ConfigText
{
    public static string CloudConfig(JsonElement properties)
    {
        var body = properties.TryGetProperty("cloud_config", out var c) ? Values.FromJson(c) : null;
        var yaml = body is null ? string.Empty : new YamlDotNet.Serialization.SerializerBuilder().Build().Serialize(Plain(body));
        return "#cloud-config\n" + yaml;
    }

    public static string Multipart(JsonElement properties, string boundarySeed)
    {
        var boundary = $"==============={Math.Abs(boundarySeed.GetHashCode(StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture)}==";
        var text = new StringBuilder()
            .Append("Content-Type: multipart/mixed; boundary=\"").Append(boundary).Append("\"\n")
            .Append("MIME-Version: 1.0\n\n");
        var index = 0;
        if (properties.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in parts.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
            {
                index++;
                var config = part.TryGetProperty("config", out var cfg) && cfg.ValueKind == JsonValueKind.String ? cfg.GetString()! : string.Empty;
                var subtype = part.TryGetProperty("subtype", out var st) && st.ValueKind == JsonValueKind.String ? st.GetString()!
                    : config.StartsWith("#cloud-config", StringComparison.Ordinal) ? "cloud-config"
                    : config.StartsWith("#!", StringComparison.Ordinal) ? "x-shellscript" : "plain";
                var filename = part.TryGetProperty("filename", out var fn) && fn.ValueKind == JsonValueKind.String ? fn.GetString()!
                    : $"part-{index:000}";
                text.Append("--").Append(boundary).Append('\n')
                    .Append("Content-Type: text/").Append(subtype).Append("; charset=\"us-ascii\"\n")
                    .Append("MIME-Version: 1.0\nContent-Transfer-Encoding: 7bit\n")
                    .Append("Content-Disposition: attachment; filename=\"").Append(filename).Append("\"\n\n")
                    .Append(config).Append('\n');
            }
        }

        return text.Append("--").Append(boundary).Append("--\n").ToString();
    }

    // Evaluated values as plain collections YamlDotNet writes naturally.
    private static object? Plain(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map.ToDictionary(p => p.Key, p => Plain(p.Value)),
        IReadOnlyList<object?> list => list.Select(Plain).ToList(),
        _ => value,
    };
}
