using System.Text;
using System.Text.Json;
using Nuvola.Model.Diagnostics;

namespace Nuvola.Cli.Templates;

/// <summary>
/// Diagnostics for people (one line each, then the hint) and for scripts (the documented JSON shape). Both are
/// bounded whatever the template: the table prints the first <see cref="TableLimit"/> then "… and K more", the JSON
/// keeps the first <see cref="JsonLimit"/> and counts the rest in "omitted"; a message or path is cut at <see cref="MessageLimit"/>.
/// </summary>
internal static class DiagnosticRendering
{
    public const int TableLimit = 50;
    public const int JsonLimit = 1000;
    public const int MessageLimit = 1000;

    public static string Json(IEnumerable<Diagnostic> diagnostics)
    {
        var all = diagnostics.ToList();
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("diagnostics");
            foreach (var diagnostic in all.Take(JsonLimit))
            {
                writer.WriteStartObject();
                writer.WriteString("severity", diagnostic.Severity.ToString().ToLowerInvariant());
                writer.WriteString("code", diagnostic.Code);
                writer.WriteString("message", Cut(diagnostic.Message));
                writer.WriteString("file", diagnostic.Span?.File);
                writer.WriteNumber("line", diagnostic.Span?.Line ?? 1);
                writer.WriteNumber("column", diagnostic.Span?.Column ?? 1);
                writer.WriteString("path", Cut(diagnostic.Span?.Path ?? string.Empty));
                if (diagnostic.Hint is not null)
                {
                    writer.WriteString("hint", diagnostic.Hint);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (all.Count > JsonLimit)
            {
                writer.WriteNumber("omitted", all.Count - JsonLimit);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    public static string Table(IReadOnlyCollection<Diagnostic> diagnostics, string file)
    {
        var text = new StringBuilder();
        foreach (var diagnostic in diagnostics.Take(TableLimit))
        {
            var where = diagnostic.Span is { } span ? $"{span.File}:{span.Line}:{span.Column}: " : string.Empty;
            text.Append(where).Append(diagnostic.Severity.ToString().ToLowerInvariant()).Append(' ').Append(diagnostic.Code).Append(": ").AppendLine(Cut(diagnostic.Message));
            if (diagnostic.Span is { Path.Length: > 0 } located)
            {
                text.Append("    at ").AppendLine(Cut(located.Path));
            }

            if (diagnostic.Hint is not null)
            {
                text.Append("    hint: ").AppendLine(diagnostic.Hint);
            }
        }

        if (diagnostics.Count > TableLimit)
        {
            text.AppendLine($"… and {diagnostics.Count - TableLimit} more (-f json lists up to {JsonLimit})");
        }

        var errors = diagnostics.Count(d => d.Severity == Severity.Error);
        var warnings = diagnostics.Count(d => d.Severity == Severity.Warning);
        text.AppendLine(errors == 0
            ? $"{file}: valid ({warnings} warning{(warnings == 1 ? string.Empty : "s")})"
            : $"{file}: {errors} error{(errors == 1 ? string.Empty : "s")}, {warnings} warning{(warnings == 1 ? string.Empty : "s")}");
        return text.ToString();
    }

    private static string Cut(string message) =>
        message.Length <= MessageLimit ? message : $"{message[..MessageLimit]}… ({message.Length - MessageLimit} more characters)";
}
