using System.Text;
using System.Text.Json;
using Nuvola.Model.Diagnostics;

namespace Nuvola.Cli.Templates;

/// <summary>Diagnostics for people (one line each, then the hint) and for scripts (the documented JSON shape).</summary>
internal static class DiagnosticRendering
{
    public static string Json(IEnumerable<Diagnostic> diagnostics)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("diagnostics");
            foreach (var diagnostic in diagnostics)
            {
                writer.WriteStartObject();
                writer.WriteString("severity", diagnostic.Severity.ToString().ToLowerInvariant());
                writer.WriteString("code", diagnostic.Code);
                writer.WriteString("message", diagnostic.Message);
                writer.WriteString("file", diagnostic.Span?.File);
                writer.WriteNumber("line", diagnostic.Span?.Line ?? 1);
                writer.WriteNumber("column", diagnostic.Span?.Column ?? 1);
                writer.WriteString("path", diagnostic.Span?.Path ?? string.Empty);
                if (diagnostic.Hint is not null)
                {
                    writer.WriteString("hint", diagnostic.Hint);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    public static string Table(IReadOnlyCollection<Diagnostic> diagnostics, string file)
    {
        var text = new StringBuilder();
        foreach (var diagnostic in diagnostics)
        {
            var where = diagnostic.Span is { } span ? $"{span.File}:{span.Line}:{span.Column}: " : string.Empty;
            text.Append(where).Append(diagnostic.Severity.ToString().ToLowerInvariant()).Append(' ').Append(diagnostic.Code).Append(": ").AppendLine(diagnostic.Message);
            if (diagnostic.Span is { Path.Length: > 0 } located)
            {
                text.Append("    at ").AppendLine(located.Path);
            }

            if (diagnostic.Hint is not null)
            {
                text.Append("    hint: ").AppendLine(diagnostic.Hint);
            }
        }

        var errors = diagnostics.Count(d => d.Severity == Severity.Error);
        var warnings = diagnostics.Count(d => d.Severity == Severity.Warning);
        text.AppendLine(errors == 0
            ? $"{file}: valid ({warnings} warning{(warnings == 1 ? string.Empty : "s")})"
            : $"{file}: {errors} error{(errors == 1 ? string.Empty : "s")}, {warnings} warning{(warnings == 1 ? string.Empty : "s")}");
        return text.ToString();
    }
}
