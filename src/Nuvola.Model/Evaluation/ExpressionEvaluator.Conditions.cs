using Nuvola.Model.Topology;

namespace Nuvola.Model.Evaluation;

public sealed partial class ExpressionEvaluator
{
    private object? If(FunctionExpression f)
    {
        var args = ArgumentList(f);
        if (args.Count is < 2 or > 3)
        {
            return Fail(f, EvaluationMessages.BadArguments, "if takes [condition, value if true, value if false]");
        }

        return EvaluateCondition(args[0]) switch
        {
            true => Evaluate(args[1]),
            false => args.Count == 3 ? Evaluate(args[2]) : null,
            UnknownValue u => u,
            var other => Fail(args[0], EvaluationMessages.BadCondition, $"if: the condition is {Values.TypeName(other)}, not a boolean"),
        };
    }

    private object? EqualsFunction(FunctionExpression f)
    {
        return TryEvaluatePair(f, "equals takes [value 1, value 2]", out var left, out var right)
            ? Values.Equals(left, right)
            : UnknownValue.Instance;
    }

    private object? Not(FunctionExpression f)
    {
        var operand = f.Argument is ListExpression { Items.Length: 1 } list ? list.Items[0] : f.Argument;
        return EvaluateCondition(operand) switch
        {
            bool b => !b,
            UnknownValue u => u,
            var other => Fail(operand, EvaluationMessages.BadCondition, $"not: the operand is {Values.TypeName(other)}, not a boolean"),
        };
    }

    private object? AndOr(FunctionExpression f, bool isAnd)
    {
        if (f.Argument is not ListExpression { Items.Length: >= 2 } list)
        {
            return Fail(f, EvaluationMessages.BadArguments, $"{f.Name} takes a list of at least two conditions");
        }

        var unknown = false;
        foreach (var item in list.Items)
        {
            switch (EvaluateCondition(item))
            {
                case bool b when b != isAnd:
                    return b;
                case bool:
                    break;
                case UnknownValue:
                    unknown = true;
                    break;
                case var other:
                    return Fail(item, EvaluationMessages.BadCondition, $"{f.Name}: an operand is {Values.TypeName(other)}, not a boolean");
            }
        }

        return unknown ? UnknownValue.Instance : isAnd;
    }

    private object? Yaql(FunctionExpression f)
    {
        if (f.Argument is not MapExpression map || map["expression"] is not { } expression)
        {
            return Fail(f, EvaluationMessages.BadArguments, "yaql takes a map with 'expression' and 'data'");
        }

        var text = Evaluate(expression);
        var data = map["data"] is { } d ? Evaluate(d) : null;
        if (text is UnknownValue || data is UnknownValue)
        {
            return UnknownValue.Instance;
        }

        if (text is not string source)
        {
            return Fail(expression, EvaluationMessages.WrongType, "yaql: 'expression' must be a string");
        }

        var result = YaqlSubset.Evaluate(source, data, out var error);
        return error is null ? result : Fail(expression, EvaluationMessages.UnsupportedYaql, error);
    }
}
