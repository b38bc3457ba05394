using System.Collections.Immutable;
using Nuvola.Model.Evaluation;
using Nuvola.Model.Topology;
using Nuvola.Templates.Yaml;

namespace Nuvola.Templates.Hot;

internal sealed partial class HotCompiler
{
    private static readonly IReadOnlySet<string> NormalFunctions = HotVersion.All.SelectMany(v => v.Functions).ToHashSet(StringComparer.Ordinal);

    /// <summary>YAML → expression tree: a one-key mapping whose key is an intrinsic function becomes a call. In conditions
    /// the condition functions apply. get_file is read now, relative to this template.</summary>
    private Expression ToExpression(YamlNode node, bool inCondition = false)
    {
        switch (node)
        {
            case YamlScalar scalar:
                return new LiteralExpression(scalar.Value, scalar.Span);
            case YamlSequence sequence:
                return new ListExpression([.. sequence.Items.Select(i => ToExpression(i, inCondition))], sequence.Span);
            case YamlMapping { Pairs.Length: 1 } map when IsFunction(map.Pairs[0].Key.Text, inCondition):
                return ToFunction(map, inCondition);
            case YamlMapping map:
                var function = map.Pairs.FirstOrDefault(p => _version.Functions.Contains(p.Key.Text));
                if (map.Pairs.Length > 1 && function is not null)
                {
                    Warn(HotMessages.NotAFunction, $"'{function.Key.Text}' is written beside other keys, so it is plain data, not a function call", function.Key.Span,
                        "a function call is a mapping with exactly one key; for a list argument write [a, b, c]");
                }

                var entries = map.Pairs.GroupBy(p => p.Key.Text).Select(g => g.Last())
                    .Select(p => new MapEntry(p.Key.Text, ToExpression(p.Value, inCondition), p.Key.Span));
                return new MapExpression([.. entries], map.Span);
            default:
                return new LiteralExpression(null, node.Span);
        }
    }

    private static bool IsFunction(string key, bool inCondition) =>
        inCondition ? HotVersion.AnyFunction.Contains(key) : NormalFunctions.Contains(key);

    private Expression ToFunction(YamlMapping map, bool inCondition)
    {
        var pair = map.Pairs[0];
        var name = pair.Key.Text;
        var allowed = inCondition ? _version.ConditionFunctions : _version.Functions;
        if (!allowed.Contains(name))
        {
            if (inCondition && _version.Functions.Contains(name))
            {
                Error(HotMessages.FunctionNotAllowedHere, $"function '{name}' cannot be used in a condition", pair.Key.Span,
                    $"conditions may use {string.Join(", ", _version.ConditionFunctions.Order(StringComparer.Ordinal))}");
            }
            else
            {
                var where = HotVersion.Availability(name, inCondition);
                Error(HotMessages.FunctionNotInVersion, $"function '{name}' is not available in heat_template_version {_version.Date}", pair.Key.Span,
                    where is null ? null : $"'{name}' exists {where}; change heat_template_version or the function");
            }
        }

        Expression argument;
        if (name == "if" && pair.Value is YamlSequence { Items.Length: > 0 } ifArgs)
        {
            argument = new ListExpression([ToExpression(ifArgs.Items[0], inCondition: true), .. ifArgs.Items.Skip(1).Select(i => ToExpression(i, inCondition))], ifArgs.Span);
        }
        else
        {
            argument = ToExpression(pair.Value, inCondition);
        }

        if (name == "get_file")
        {
            return (Expression?)ReadFile(argument, map) ?? new FunctionExpression(name, argument, map.Span);
        }

        if (name == "yaql" && argument is MapExpression { } yaql && yaql["expression"] is LiteralExpression { Value: string source } expression
            && !YaqlSubset.IsSupported(source, out var problem))
        {
            Error(HotMessages.UnsupportedYaql, problem!, expression.Span, "docs/templates.md lists the yaql subset Nuvola evaluates");
        }

        return new FunctionExpression(name, argument, map.Span);
    }

    /// <summary>get_file with a literal path: the file's content, from the load's file source relative to this template.</summary>
    private LiteralExpression? ReadFile(Expression argument, YamlMapping at)
    {
        if (argument is not LiteralExpression { Value: string path })
        {
            Error(HotMessages.FunctionArguments, "get_file takes a literal file path", argument.Span);
            return null;
        }

        var found = _context.Files.Find(path, _directory);
        if (found.Text is { } text)
        {
            return new LiteralExpression(text, at.Span);
        }

        if (_context.Files.FilesOnly)
        {
            Error(HotMessages.FileNotFound, $"No content found in the \"files\" section for get_file path: {path}: {found.Problem}", argument.Span,
                "send the file in the request's files map under the name the template uses");
        }
        else if (HotCompiler.IsUrl(path))
        {
            Error(HotMessages.FileNotFound, $"get_file '{path}': remote files are not fetched", argument.Span, "download the file next to the template and use a relative path");
        }
        else
        {
            Error(HotMessages.FileNotFound, $"get_file: cannot read '{path}' ({found.Problem})", argument.Span, $"the path is relative to the template's directory ({_directory})");
        }

        return null;
    }

    private static ImmutableArray<Expression> Arguments(FunctionExpression f) => f.Argument is ListExpression list ? list.Items : [f.Argument];
}
