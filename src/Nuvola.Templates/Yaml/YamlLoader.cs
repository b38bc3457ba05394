using System.Collections.Immutable;
using System.Globalization;
using Nuvola.Model.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nuvola.Templates.Yaml;

/// <summary>Loads YAML into <see cref="YamlNode"/>s that keep file, line, column and path. Never throws on bad input:
/// tabs, syntax errors and duplicate keys become located diagnostics, and what was read before an error is kept.</summary>
public static class YamlLoader
{
    public static YamlDocument LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new YamlDocument(path, null, [new Diagnostic(Severity.Error, YamlMessages.Unreadable, $"cannot read '{path}': {exception.Message}", new SourceSpan(path, 1, 1, string.Empty))]);
        }

        return Load(text, path);
    }

    public static YamlDocument Load(string text, string file)
    {
        var diagnostics = new List<Diagnostic>();
        var tabLines = FindTabIndentation(text, file, diagnostics);
        var builder = new Builder(file, diagnostics);
        YamlNode? root = null;
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<DocumentStart>(out _))
            {
                root = parser.Accept<DocumentEnd>(out _) ? null : builder.Read(parser, string.Empty);
                parser.Consume<DocumentEnd>();
                if (parser.Accept<DocumentStart>(out var next))
                {
                    diagnostics.Add(new Diagnostic(Severity.Error, YamlMessages.MultipleDocuments, "the file holds more than one YAML document; only the first is read", Span(file, next.Start, string.Empty)));
                }
            }
        }
        catch (YamlException exception)
        {
            root ??= builder.Partial;
            var line = (int)exception.Start.Line;
            if (!tabLines.Contains(line) && !tabLines.Contains(line - 1) && !tabLines.Contains(line + 1) && !(tabLines.Count > 0 && exception.Message.Contains("tab", StringComparison.OrdinalIgnoreCase)))
            {
                var message = exception.InnerException?.Message ?? exception.Message;
                var cut = message.IndexOf("): ", StringComparison.Ordinal);
                message = cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
                diagnostics.Add(new Diagnostic(Severity.Error, YamlMessages.Syntax, $"YAML syntax error: {message}", Span(file, exception.Start, builder.CurrentPath), "check the indentation and the quoting on this line and the one above"));
            }
        }

        return new YamlDocument(file, root, [.. diagnostics]);
    }

    internal static SourceSpan Span(string file, Mark mark, string path) => new(file, (int)mark.Line, (int)mark.Column, path);

    private static HashSet<int> FindTabIndentation(string text, string file, List<Diagnostic> diagnostics)
    {
        var lines = new HashSet<int>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            for (var i = 0; i < line.Length && (line[i] == ' ' || line[i] == '\t' || line[i] == '-'); i++)
            {
                if (line[i] == '\t')
                {
                    lines.Add(lineNumber);
                    diagnostics.Add(new Diagnostic(Severity.Error, YamlMessages.Tab, YamlMessages.TabMessage, new SourceSpan(file, lineNumber, i + 1, string.Empty), YamlMessages.TabHint));
                    break;
                }
            }
        }

        return lines;
    }

    private sealed class Builder(string file, List<Diagnostic> diagnostics)
    {
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private readonly Stack<string> _paths = new();

        public YamlNode? Partial { get; private set; }

        public string CurrentPath => _paths.Count > 0 ? _paths.Peek() : string.Empty;

        public YamlNode Read(IParser parser, string path)
        {
            _paths.Push(path);
            try
            {
                var node = ReadNode(parser, path);
                Partial ??= node;
                return node;
            }
            finally
            {
                _paths.Pop();
            }
        }

        private YamlNode ReadNode(IParser parser, string path)
        {
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                return Remember(scalar.Anchor, ToScalar(scalar, path));
            }

            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    return target;
                }

                diagnostics.Add(new Diagnostic(Severity.Error, YamlMessages.UnknownAlias, $"alias '*{alias.Value.Value}' names no anchor defined before it", Span(file, alias.Start, path)));
                return new YamlScalar(string.Empty, null, false, Span(file, alias.Start, path));
            }

            if (parser.TryConsume<SequenceStart>(out var sequenceStart))
            {
                var items = ImmutableArray.CreateBuilder<YamlNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(Read(parser, $"{path}[{items.Count}]"));
                }

                return Remember(sequenceStart.Anchor, new YamlSequence(items.ToImmutable(), Span(file, sequenceStart.Start, path)));
            }

            var mappingStart = parser.Consume<MappingStart>();
            var pairs = ImmutableArray.CreateBuilder<YamlPair>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                YamlScalar key;
                if (parser.TryConsume<Scalar>(out var keyScalar))
                {
                    key = ToScalar(keyScalar, Join(path, keyScalar.Value));
                }
                else
                {
                    var complex = Read(parser, path);
                    diagnostics.Add(new Diagnostic(Severity.Error, YamlMessages.ComplexKey, "a mapping key must be a plain value, not a list or a mapping", complex.Span));
                    key = new YamlScalar("?", "?", false, complex.Span);
                }

                if (seen.TryGetValue(key.Text, out var firstLine))
                {
                    diagnostics.Add(new Diagnostic(Severity.Error, YamlMessages.DuplicateKey, YamlMessages.DuplicateKeyMessage(key.Text, firstLine), key.Span, YamlMessages.DuplicateKeyHint));
                }
                else
                {
                    seen[key.Text] = key.Span.Line;
                }

                var value = Read(parser, key.Span.Path);
                pairs.Add(new YamlPair(key, value));
            }

            return Remember(mappingStart.Anchor, new YamlMapping(pairs.ToImmutable(), Span(file, mappingStart.Start, path)));
        }

        private YamlNode Remember(AnchorName anchor, YamlNode node)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }

            return node;
        }

        private YamlScalar ToScalar(Scalar scalar, string path)
        {
            var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;
            var value = quoted || !scalar.Tag.IsEmpty ? scalar.Value : Resolve(scalar.Value);
            return new YamlScalar(scalar.Value, value, quoted, Span(file, scalar.Start, path));
        }

        private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
    }

    /// <summary>Types a plain scalar the way PyYAML's safe loader does (Heat's), except that dates stay strings.</summary>
    internal static object? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                return true;
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                return false;
        }

        if (IsInteger(text) && long.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
        {
            return hex;
        }

        if (IsFloat(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return text switch
        {
            ".inf" or ".Inf" or "+.inf" => double.PositiveInfinity,
            "-.inf" or "-.Inf" => double.NegativeInfinity,
            ".nan" or ".NaN" => double.NaN,
            _ => text,
        };
    }

    private static bool IsInteger(string text)
    {
        var start = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        return text.Length > start && text.Skip(start).All(c => char.IsAsciiDigit(c) || c == '_') && char.IsAsciiDigit(text[start]);
    }

    private static bool IsFloat(string text)
    {
        var start = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        if (text.Length <= start || !(char.IsAsciiDigit(text[start]) || text[start] == '.'))
        {
            return false;
        }

        return text.Skip(start).All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-' or '_') && text.Count(c => c == '.') == 1;
    }
}
