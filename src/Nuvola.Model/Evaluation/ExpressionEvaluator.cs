using Nuvola.Model.Diagnostics;
using Nuvola.Model.Topology;

namespace Nuvola.Model.Evaluation;

/// <summary>Evaluates template expressions. What only a deployment knows (resource ids, attributes) comes from the resolver;
/// anything that depends on an unknown value is Unknown. Never throws on bad input: problems become Diagnostics.</summary>
public sealed partial class ExpressionEvaluator
{
    private readonly IExpressionResolver _resolver;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly EvaluationBudget _budget;

    /// <param name="budget">Shared by the evaluators of one load to bound what they build together; a fresh
    /// <see cref="EvaluationBudget"/> by default.</param>
    public ExpressionEvaluator(IExpressionResolver resolver, EvaluationBudget? budget = null)
    {
        _resolver = resolver;
        _budget = budget ?? new EvaluationBudget();
    }

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public object? Evaluate(Expression expression) => expression switch
    {
        LiteralExpression literal => literal.Value,
        ListExpression list => list.Items.Select(Evaluate).ToList(),
        MapExpression map => EvaluateMap(map),
        FunctionExpression function => Call(function),
        _ => null,
    };

    /// <summary>Evaluates a condition expression (a condition name, a boolean, or equals/not/and/or/contains).</summary>
    public object? EvaluateCondition(Expression expression) => expression switch
    {
        LiteralExpression { Value: string name } => _resolver.GetCondition(name),
        LiteralExpression { Value: bool b } => b,
        FunctionExpression function => Call(function),
        _ => Fail(expression, EvaluationMessages.BadCondition, "a condition must be a name, a boolean or a condition function"),
    };

    private Dictionary<string, object?> EvaluateMap(MapExpression map)
    {
        var result = new Dictionary<string, object?>(map.Entries.Length);
        foreach (var entry in map.Entries)
        {
            result[entry.Key] = Evaluate(entry.Value);
        }

        return result;
    }

    private object? Call(FunctionExpression f)
    {
        try
        {
            return CallFunction(f);
        }
        catch (BudgetExceededException)
        {
            if (!_budget.Reported)
            {
                _budget.Reported = true;
                return Fail(f, EvaluationMessages.ValueTooLarge,
                    $"{f.Name} would build a value larger than the template limit ({_budget.Limit} characters and items in all)");
            }

            return UnknownValue.Instance;
        }
    }

    /// <summary>Counts what a function is about to build; throws (caught in <see cref="Call"/>) when it does not fit.</summary>
    private void Charge(long units)
    {
        if (!_budget.TryCharge(units))
        {
            throw new BudgetExceededException();
        }
    }

    /// <summary>text.Replace(key, replacement), counted before the new text is built.</summary>
    private string Replace(string text, string key, string replacement)
    {
        if (key.Length == 0)
        {
            return text;
        }

        var count = 0L;
        for (var at = text.IndexOf(key, StringComparison.Ordinal); at >= 0; at = text.IndexOf(key, at + key.Length, StringComparison.Ordinal))
        {
            count++;
        }

        if (count == 0)
        {
            return text;
        }

        Charge(text.Length + (count * Math.Max(0, replacement.Length - key.Length)));
        return text.Replace(key, replacement, StringComparison.Ordinal);
    }

    private sealed class BudgetExceededException : Exception
    {
    }

    private object? CallFunction(FunctionExpression f) => f.Name switch
    {
        "get_param" => GetParam(f),
        "get_resource" or "Ref" => GetResource(f),
        "get_attr" or "Fn::GetAtt" => GetAttr(f),
        "get_file" => GetFile(f),
        "list_join" or "Fn::Join" => ListJoin(f),
        "str_replace" or "Fn::Replace" => StrReplace(f, strict: 0),
        "str_replace_strict" => StrReplace(f, strict: 1),
        "str_replace_vstrict" => StrReplace(f, strict: 2),
        "str_split" or "Fn::Split" => StrSplit(f),
        "repeat" => Repeat(f),
        "digest" => Digest(f),
        "map_merge" => MapMerge(f),
        "map_replace" => MapReplace(f),
        "list_concat" => ListConcat(f, unique: false),
        "list_concat_unique" => ListConcat(f, unique: true),
        "contains" => Contains(f),
        "filter" => Filter(f),
        "make_url" => MakeUrl(f),
        "if" => If(f),
        "yaql" => Yaql(f),
        "resource_facade" or "Fn::ResourceFacade" => ResourceFacade(f),
        "equals" => EqualsFunction(f),
        "not" => Not(f),
        "and" => AndOr(f, isAnd: true),
        "or" => AndOr(f, isAnd: false),
        "Fn::Select" => Select(f),
        "Fn::Base64" => Evaluate(f.Argument),
        _ => Fail(f, EvaluationMessages.UnsupportedFunction, $"function '{f.Name}' is not supported"),
    };

    private object? GetParam(FunctionExpression f)
    {
        var args = ArgumentList(f);
        if (args.Count == 0 || Evaluate(args[0]) is not string name)
        {
            return Fail(f, EvaluationMessages.BadArguments, "get_param takes a parameter name, then an optional path");
        }

        if (!_resolver.TryGetParameter(name, out var value))
        {
            return Fail(f, EvaluationMessages.UnknownParameter, $"parameter '{name}' is not declared");
        }

        return args.Count == 1 ? value : Values.Select(value, args.Skip(1).Select(Evaluate));
    }

    private object? GetResource(FunctionExpression f) => Evaluate(f.Argument) switch
    {
        string name => _resolver.GetResourceId(name),
        UnknownValue u => u,
        _ => Fail(f, EvaluationMessages.BadArguments, "get_resource takes a resource name"),
    };

    private object? GetAttr(FunctionExpression f)
    {
        var args = ArgumentList(f);
        if (args.Count == 0 || Evaluate(args[0]) is not string resource)
        {
            return Fail(f, EvaluationMessages.BadArguments, "get_attr takes a resource name, an attribute name, then an optional path");
        }

        if (args.Count == 1)
        {
            return _resolver.GetAttribute(resource, null);
        }

        var attribute = Evaluate(args[1]);
        if (attribute is UnknownValue)
        {
            return attribute;
        }

        var value = _resolver.GetAttribute(resource, Values.ToText(attribute));
        return args.Count == 2 ? value : Values.Select(value, args.Skip(2).Select(Evaluate));
    }

    private object? GetFile(FunctionExpression f) => Evaluate(f.Argument) switch
    {
        string path => _resolver.GetFile(path),
        UnknownValue u => u,
        _ => Fail(f, EvaluationMessages.BadArguments, "get_file takes a file path"),
    };

    private object? ResourceFacade(FunctionExpression f) => Evaluate(f.Argument) switch
    {
        string kind and ("metadata" or "deletion_policy" or "update_policy") => _resolver.GetResourceFacade(kind),
        UnknownValue u => u,
        _ => Fail(f, EvaluationMessages.BadArguments, "resource_facade takes metadata, deletion_policy or update_policy"),
    };

    private object? Select(FunctionExpression f)
    {
        var args = ArgumentList(f);
        if (args.Count != 2)
        {
            return Fail(f, EvaluationMessages.BadArguments, "Fn::Select takes [index, collection]");
        }

        return Values.Select(Evaluate(args[1]), [Evaluate(args[0])]);
    }

    /// <summary>The function's argument as a list (a single non-list argument is a list of one).</summary>
    private static IReadOnlyList<Expression> ArgumentList(FunctionExpression f) =>
        f.Argument is ListExpression list ? list.Items : [f.Argument];

    /// <summary>
    /// Evaluates the two arguments of a two-argument function (both, in order). False when there are not two
    /// (reported with the function's <paramref name="usage"/>) or when either is not known yet; the caller then
    /// answers <see cref="UnknownValue.Instance"/>.
    /// </summary>
    private bool TryEvaluatePair(FunctionExpression f, string usage, out object? first, out object? second)
    {
        var args = ArgumentList(f);
        if (args.Count != 2)
        {
            Fail(f, EvaluationMessages.BadArguments, usage);
            first = second = null;
            return false;
        }

        first = Evaluate(args[0]);
        second = Evaluate(args[1]);
        return first is not UnknownValue && second is not UnknownValue;
    }

    private UnknownValue Fail(Expression at, string code, string message)
    {
        _diagnostics.Add(new Diagnostic(Severity.Error, code, message, at.Span));
        return UnknownValue.Instance;
    }
}
