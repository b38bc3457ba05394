using Nuvola.Model.Diagnostics;
using Nuvola.Model.Evaluation;
using Nuvola.Model.Topology;

namespace Nuvola.Templates.Hot;

internal sealed partial class HotCompiler
{
    private ValidationResolver? _resolver;
    private readonly Dictionary<Expression, object?> _evaluated = new(ReferenceEqualityComparer.Instance);

    /// <summary>Evaluates what validation can know (parameters, conditions) to catch errors early; the rest stays Unknown.</summary>
    private void EvaluateStatically()
    {
        foreach (var condition in _conditions)
        {
            Resolver.GetCondition(condition.Name);
        }

        foreach (var draft in _drafts)
        {
            if (draft.Condition is not null)
            {
                Evaluate(draft.Condition, condition: true);
            }

            foreach (var expression in new[] { draft.Properties, draft.Metadata, draft.ExternalId }.OfType<Expression>())
            {
                EvaluateFunctionsIn(expression);
            }
        }

        foreach (var output in _outputs)
        {
            if (output.Condition is not null)
            {
                Evaluate(output.Condition, condition: true);
            }

            if (output.Value is not null)
            {
                EvaluateFunctionsIn(output.Value);
            }
        }
    }

    private ValidationResolver Resolver => _resolver ??= new ValidationResolver(this);

    /// <summary>Evaluates each outermost function call once (the property checks may have done it already).</summary>
    private object? EvaluateForValidation(Expression expression)
    {
        if (_evaluated.TryGetValue(expression, out var known))
        {
            return known;
        }

        var value = Evaluate(expression, condition: false);
        _evaluated[expression] = value;
        return value;
    }

    private void EvaluateFunctionsIn(Expression expression)
    {
        switch (expression)
        {
            case FunctionExpression function:
                EvaluateForValidation(function);
                break;
            case ListExpression list:
                foreach (var item in list.Items)
                {
                    EvaluateFunctionsIn(item);
                }

                break;
            case MapExpression map:
                foreach (var entry in map.Entries)
                {
                    EvaluateFunctionsIn(entry.Value);
                }

                break;
        }
    }

    private object? Evaluate(Expression expression, bool condition)
    {
        var evaluator = new ExpressionEvaluator(Resolver, _context.Budget);
        var value = condition ? evaluator.EvaluateCondition(expression) : evaluator.Evaluate(expression);
        _context.Diagnostics.AddRange(evaluator.Diagnostics.Where(d => d.Code != EvaluationMessages.UnsupportedYaql));
        return value;
    }

    /// <summary>Parameters have their values (or are Unknown); resources are not deployed, so ids and attributes are Unknown.</summary>
    private sealed class ValidationResolver(HotCompiler compiler) : IExpressionResolver
    {
        private readonly Dictionary<string, object?> _conditions = new(StringComparer.Ordinal);
        private readonly HashSet<string> _evaluating = new(StringComparer.Ordinal);

        public bool TryGetParameter(string name, out object? value)
        {
            var parameter = compiler.FindParameter(name);
            value = parameter is not null && parameter.TryGetEffectiveValue(out var v) ? v : UnknownValue.Instance;
            return true;
        }

        public object? GetResourceId(string resource) => UnknownValue.Instance;

        public object? GetAttribute(string resource, string? attribute) => UnknownValue.Instance;

        public object? GetResourceFacade(string kind) => UnknownValue.Instance;

        public object? GetFile(string path) => UnknownValue.Instance;

        public object? GetCondition(string name)
        {
            if (_conditions.TryGetValue(name, out var known))
            {
                return known;
            }

            var definition = compiler._conditions.Find(c => c.Name == name);
            if (definition is null || !_evaluating.Add(name))
            {
                return UnknownValue.Instance;
            }

            var value = compiler.Evaluate(definition.Definition, condition: true);
            if (value is not (bool or UnknownValue))
            {
                compiler._context.Diagnostics.Add(new Diagnostic(Severity.Error, HotMessages.UnknownCondition,
                    $"condition '{name}' is {Values.TypeName(value)} {Values.ToText(value)}, not true or false", definition.Span));
                value = UnknownValue.Instance;
            }

            _evaluating.Remove(name);
            _conditions[name] = value;
            return value;
        }
    }
}
