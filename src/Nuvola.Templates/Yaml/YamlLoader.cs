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
        var size = System.Text.Encoding.UTF8.GetByteCount(text);
        if (size > YamlLimits.MaxDocumentBytes)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, YamlMessages.DocumentTooLarge,
                $"the file is {size} bytes; a template or environment may have at most {YamlLimits.MaxDocumentBytes} bytes (Heat's max_template_size)",
                new SourceSpan(file, 1, 1, string.Empty), "split the template into nested templates"));
            return new YamlDocument(file, null, [.. diagnostics]);
        }

        var tabLines = FindTabIndentation(text, file, diagnostics);
        var builder = new Builder(file, diagnostics);
        YamlNode? root = null;
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<DocumentStart>(out _))
            {
                root = parser.Accept<DocumentEnd>(out _) ? null : builder.Read(parser);
                parser.Consume<DocumentEnd>();
                if (parser.Accept<DocumentStart>(out var next))
                {
                    diagnostics.Add(new Diagnostic(Severity.Error, YamlMessages.MultipleDocuments, "the file holds more than one YAML document; only the first is read", Span(file, next.Start, string.Empty)));
                }
            }
        }
        catch (Exception exception) when (exception is YamlException or InvalidOperationException)
        {
            // YamlDotNet reports most syntax errors as YamlException, a few (an unclosed flow collection before a
            // key) as InvalidOperationException: both are the template's fault, located where the parser stopped.
            root ??= builder.Partial();
            var start = exception is YamlException yaml ? yaml.Start : builder.LastMark;
            var line = (int)start.Line;
            if (!tabLines.Contains(line) && !tabLines.Contains(line - 1) && !tabLines.Contains(line + 1) && !(tabLines.Count > 0 && exception.Message.Contains("tab", StringComparison.OrdinalIgnoreCase)))
            {
                var message = exception.InnerException?.Message ?? exception.Message;
                var cut = message.IndexOf("): ", StringComparison.Ordinal);
                message = cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
                diagnostics.Add(new Diagnostic(Severity.Error, YamlMessages.Syntax, $"YAML syntax error: {message}", Span(file, start, builder.CurrentPath), "check the indentation and the quoting on this line and the one above"));
            }
        }

        return new YamlDocument(file, root, [.. diagnostics]);
    }

    internal static SourceSpan Span(string file, Mark mark, string path) => new(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column), path);

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

    /// <summary>
    /// Builds nodes from parser events without recursion (a stack of open collections), so that no input overflows
    /// the stack; enforces <see cref="YamlLimits"/> (depth, aliases) with one located diagnostic each.
    /// </summary>
    private sealed class Builder(string file, List<Diagnostic> diagnostics)
    {
        private readonly Dictionary<string, (YamlNode Node, long Size)> _anchors = new(StringComparer.Ordinal);
        private readonly Stack<Frame> _open = new();
        private long _nodes;
        private long _expanded;
        private int _aliases;
        private bool _tooDeep;
        private bool _tooManyAliases;

        public Mark LastMark { get; private set; } = Mark.Empty;

        public string CurrentPath => _open.Count > 0 ? _open.Peek().Path : string.Empty;

        /// <summary>An open sequence or mapping: what it holds so far.</summary>
        private sealed class Frame(NodeEvent start, string path, long nodesBefore, bool mapping)
        {
            public NodeEvent Start { get; } = start;

            public string Path { get; } = path;

            public long NodesBefore { get; } = nodesBefore;

            public bool IsMapping { get; } = mapping;

            public ImmutableArray<YamlNode>.Builder Items { get; } = ImmutableArray.CreateBuilder<YamlNode>();

            public ImmutableArray<YamlPair>.Builder Pairs { get; } = ImmutableArray.CreateBuilder<YamlPair>();

            public Dictionary<string, int> Seen { get; } = new(StringComparer.Ordinal);

            public YamlScalar? Key { get; set; }

            public bool ReadingComplexKey { get; set; }
        }

        /// <summary>Reads one node (the document's root) and everything in it.</summary>
        public YamlNode Read(IParser parser)
        {
            while (true)
            {
                if (parser.Current is { } current)
                {
                    LastMark = current.Start;
                }

                var top = _open.Count > 0 ? _open.Peek() : null;
                if (top is { IsMapping: true, Key: null, ReadingComplexKey: false })
                {
                    if (parser.TryConsume<MappingEnd>(out _))
                    {
                        if (Deliver(Close()) is { } done)
                        {
                            return done;
                        }

                        continue;
                    }

                    if (parser.TryConsume<Scalar>(out var keyScalar))
                    {
                        SetKey(top, ToScalar(keyScalar, Join(top.Path, keyScalar.Value)));
                        continue;
                    }

                    top.ReadingComplexKey = true;
                }
                else if (top is { IsMapping: false } && parser.TryConsume<SequenceEnd>(out _))
                {
                    if (Deliver(Close()) is { } done)
                    {
                        return done;
                    }

                    continue;
                }

                if (Deliver(ReadOne(parser, NextPath())) is { } root)
                {
                    return root;
                }
            }
        }

        /// <summary>What was read before a syntax error: every open collection closed with what it holds so far.</summary>
        public YamlNode? Partial()
        {
            YamlNode? node = null;
            while (_open.Count > 0)
            {
                var frame = _open.Peek();
                if (node is not null)
                {
                    if (frame.IsMapping && frame.Key is { } key && !frame.ReadingComplexKey)
                    {
                        frame.Pairs.Add(new YamlPair(key, node));
                    }
                    else if (!frame.IsMapping)
                    {
                        frame.Items.Add(node);
                    }
                }

                frame.Key = null;
                node = Close();
            }

            return node;
        }

        /// <summary>A scalar, an alias, or the start of a collection (pushed, and null returned).</summary>
        private YamlNode? ReadOne(IParser parser, string path)
        {
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                _nodes++;
                return Remember(scalar.Anchor, ToScalar(scalar, path), 1);
            }

            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                return Alias(alias, path);
            }

            var start = parser.Consume<NodeEvent>();
            if (start is not (SequenceStart or MappingStart))
            {
                throw new YamlException(start.Start, start.End, "unexpected event in a collection");
            }

            if (_open.Count >= YamlLimits.MaxDepth)
            {
                if (!_tooDeep)
                {
                    _tooDeep = true;
                    diagnostics.Add(new Diagnostic(Severity.Error, YamlMessages.TooDeep,
                        $"lists and mappings are nested more than {YamlLimits.MaxDepth} deep here", Span(file, start.Start, path),
                        "flatten the structure; templates rarely nest more than a dozen levels"));
                }

                Skip(parser);
                _nodes++;
                return new YamlScalar(string.Empty, null, false, Span(file, start.Start, path));
            }

            _open.Push(new Frame(start, path, _nodes, start is MappingStart));
            _nodes++;
            return null;
        }

        /// <summary>Skips the rest of a collection whose start was just consumed (iteratively).</summary>
        private static void Skip(IParser parser)
        {
            var depth = 1;
            while (depth > 0)
            {
                var next = parser.Consume<ParsingEvent>();
                depth += next is SequenceStart or MappingStart ? 1 : next is SequenceEnd or MappingEnd ? -1 : 0;
            }
        }

        private YamlNode Alias(AnchorAlias alias, string path)
        {
            if (!_anchors.TryGetValue(alias.Value.Value, out var target))
            {
                diagnostics.Add(new Diagnostic(Severity.Error, YamlMessages.UnknownAlias, $"alias '*{alias.Value.Value}' names no anchor defined before it", Span(file, alias.Start, path)));
                return new YamlScalar(string.Empty, null, false, Span(file, alias.Start, path));
            }

            _aliases++;
            _expanded += target.Size;
            if (_aliases <= YamlLimits.MaxAliases && _expanded <= YamlLimits.MaxAliasNodes)
            {
                _nodes += target.Size;
                return target.Node;
            }

            if (!_tooManyAliases)
            {
                _tooManyAliases = true;
                var (code, message) = _aliases > YamlLimits.MaxAliases
                    ? (YamlMessages.TooManyAliases, $"more than {YamlLimits.MaxAliases} aliases in one file")
                    : (YamlMessages.AliasesTooLarge, $"aliases here would expand the file by more than {YamlLimits.MaxAliasNodes} nodes");
                diagnostics.Add(new Diagnostic(Severity.Error, code, message, Span(file, alias.Start, path),
                    "an alias copies its anchor's whole content; write the values out or use a parameter"));
            }

            _nodes++;
            return new YamlScalar(string.Empty, null, false, Span(file, alias.Start, path));
        }

        private string NextPath()
        {
            if (_open.Count == 0)
            {
                return string.Empty;
            }

            var top = _open.Peek();
            return top.IsMapping ? top.Key?.Span.Path ?? top.Path : $"{top.Path}[{top.Items.Count}]";
        }

        private void SetKey(Frame frame, YamlScalar key)
        {
            if (frame.Seen.TryGetValue(key.Text, out var firstLine))
            {
                diagnostics.Add(new Diagnostic(Severity.Error, YamlMessages.DuplicateKey, YamlMessages.DuplicateKeyMessage(key.Text, firstLine), key.Span, YamlMessages.DuplicateKeyHint));
            }
            else
            {
                frame.Seen[key.Text] = key.Span.Line;
            }

            frame.Key = key;
        }

        /// <summary>Hands a finished node to the open collection; the root when none is open. Null when still reading.</summary>
        private YamlNode? Deliver(YamlNode? node)
        {
            if (node is null || _open.Count == 0)
            {
                return node;
            }

            var top = _open.Peek();
            if (!top.IsMapping)
            {
                top.Items.Add(node);
            }
            else if (top.ReadingComplexKey)
            {
                top.ReadingComplexKey = false;
                diagnostics.Add(new Diagnostic(Severity.Error, YamlMessages.ComplexKey, "a mapping key must be a plain value, not a list or a mapping", node.Span));
                SetKey(top, new YamlScalar("?", "?", false, node.Span));
            }
            else
            {
                top.Pairs.Add(new YamlPair(top.Key!, node));
                top.Key = null;
            }

            return null;
        }

        private YamlNode Close()
        {
            var frame = _open.Pop();
            var span = Span(file, frame.Start.Start, frame.Path);
            YamlNode node = frame.IsMapping ? new YamlMapping(frame.Pairs.ToImmutable(), span) : new YamlSequence(frame.Items.ToImmutable(), span);
            return Remember(frame.Start.Anchor, node, _nodes - frame.NodesBefore);
        }

        private YamlNode Remember(AnchorName anchor, YamlNode node, long size)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = (node, size);
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
