using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nuvola.Cli.Output;

/// <summary>The -f/--format choice of the stack commands: a table for people, JSON or YAML for scripts.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Yaml,
}

/// <summary>The shared -f option and the writer of documents in the chosen format.</summary>
internal static class Formats
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Option<string> Option() => new Option<string>("--format", "-f")
    {
        Description = "Output format: table (for people), json or yaml (for scripts).",
        DefaultValueFactory = _ => "table",
    }.AcceptOnlyFromAmong("table", "json", "yaml");

    public static OutputFormat Parse(string? value) => value switch
    {
        "json" => OutputFormat.Json,
        "yaml" => OutputFormat.Yaml,
        _ => OutputFormat.Table,
    };

    /// <summary>Writes <paramref name="document"/> as JSON or YAML (never called for tables).</summary>
    public static void Write(TextWriter output, OutputFormat format, JsonNode document)
    {
        if (format == OutputFormat.Yaml)
        {
            output.Write(YamlText.Write(document));
            return;
        }

        output.WriteLine(document.ToJsonString(Indented));
    }

    public static string Json(JsonNode? node) => node?.ToJsonString(Indented) ?? "null";
}
