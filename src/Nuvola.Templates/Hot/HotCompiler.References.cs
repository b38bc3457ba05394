using Nuvola.Model.Evaluation;
using Nuvola.Model.Topology;

namespace Nuvola.Templates.Hot;

internal sealed partial class HotCompiler
{
    // True while an output's value is checked (an undeclared parameter there is a warning).
    private bool _checkingOutput;

    /// <summary>Checks the names an expression refers to (parameters, resources, attributes, conditions) and collects the
    /// resources it depends on.</summary>
    private void CheckReferences(Expression expression, HashSet<string>? dependencies)
    {
        switch (expression)
        {
            case ListExpression list:
                foreach (var item in list.Items)
                {
                    CheckReferences(item, dependencies);
                }

                break;
            case MapExpression map:
                foreach (var entry in map.Entries)
                {
                    CheckReferences(entry.Value, dependencies);
                }

                break;
            case FunctionExpression f:
                CheckFunction(f, dependencies);
                break;
        }
    }

    private void CheckFunction(FunctionExpression f, HashSet<string>? dependencies)
    {
        var args = Arguments(f);
        switch (f.Name)
        {
            case "get_param":
                if (args.IsEmpty || args[0] is not (LiteralExpression { Value: string } or FunctionExpression))
                {
                    Error(HotMessages.FunctionArguments, "get_param takes a parameter name, then an optional path", f.Span, "write { get_param: name } or { get_param: [name, key, …] }");
                }
                else if (args[0] is LiteralExpression { Value: string name })
                {
                    CheckParameterName(name, args[0]);
                }

                foreach (var arg in args)
                {
                    CheckReferences(arg, dependencies);
                }

                break;
            case "get_resource":
                if (f.Argument is LiteralExpression { Value: string resource })
                {
                    CheckResourceName(resource, f.Argument, "get_resource", dependencies);
                }
                else
                {
                    Error(HotMessages.FunctionArguments, "get_resource takes a resource name", f.Argument.Span, "write { get_resource: resource_name }");
                }

                break;
            case "get_attr":
                CheckGetAttr(f, args, dependencies);
                break;
            case "Ref":
                if (f.Argument is LiteralExpression { Value: string reference } && FindDraft(reference) is null)
                {
                    CheckParameterName(reference, f.Argument);
                }
                else if (f.Argument is LiteralExpression { Value: string r })
                {
                    dependencies?.Add(r);
                }

                break;
            case "if":
                if (args.Length is < 2 or > 3)
                {
                    Error(HotMessages.FunctionArguments, "if takes [condition, value if true, value if false]", f.Span);
                }

                if (!args.IsEmpty)
                {
                    CheckConditionReference(args[0]);
                }

                foreach (var arg in args.Skip(1))
                {
                    CheckReferences(arg, dependencies);
                }

                break;
            case "and" or "or" or "not":
                if (f.Name != "not" && f.Argument is not ListExpression { Items.Length: >= 2 })
                {
                    Error(HotMessages.FunctionArguments, $"{f.Name} takes a list of at least two conditions", f.Span);
                }

                foreach (var arg in args)
                {
                    CheckConditionReference(arg);
                }

                break;
            default:
                CheckReferences(f.Argument, dependencies);
                break;
        }
    }

    private void CheckGetAttr(FunctionExpression f, System.Collections.Immutable.ImmutableArray<Expression> args, HashSet<string>? dependencies)
    {
        var minimum = _version.AllowsAllAttributes ? 1 : 2;
        if (f.Argument is not ListExpression || args.Length < minimum || args[0] is not LiteralExpression { Value: string resource })
        {
            Error(HotMessages.FunctionArguments, "get_attr takes [resource name, attribute name, optional path…]", f.Argument.Span,
                minimum == 1 ? "write { get_attr: [resource, attribute] }, or { get_attr: [resource] } for all attributes" : "write { get_attr: [resource, attribute] }");
            foreach (var arg in args)
            {
                CheckReferences(arg, dependencies);
            }

            return;
        }

        var draft = CheckResourceName(resource, args[0], "get_attr", dependencies);
        if (draft is not null && args.Length >= 2 && args[1] is LiteralExpression { Value: { } attribute })
        {
            CheckAttribute(draft, Values.ToText(attribute), args[1]);
        }

        foreach (var arg in args.Skip(1))
        {
            CheckReferences(arg, dependencies);
        }
    }

    private void CheckParameterName(string name, Expression at)
    {
        if (FindParameter(name) is not null || PseudoParameters.Contains(name))
        {
            return;
        }

        var hint = Suggestions.DidYouMean(name, _parameters.Select(p => p.Name)) ?? HotMessages.DeclareParameterHint;
        if (_checkingOutput)
        {
            Warn(HotMessages.UndeclaredParameter, $"parameter '{name}' is not declared; the output will have no value, only this error",
                at.Span, hint);
            return;
        }

        Error(HotMessages.UndeclaredParameter, $"parameter '{name}' is not declared", at.Span, hint);
    }

    private ResourceDraft? CheckResourceName(string name, Expression at, string function, HashSet<string>? dependencies)
    {
        var draft = FindDraft(name);
        if (draft is null)
        {
            var hint = Suggestions.DidYouMean(name, _drafts.Select(r => r.Name))
                ?? (_parameters.Any(p => p.Name == name) ? $"'{name}' is a parameter: use {{ get_param: {name} }}" : DeclareResourceHint(name, at));
            Error(HotMessages.UnknownResource, $"{function} refers to resource '{name}', which is not declared", at.Span, hint);
            return null;
        }

        dependencies?.Add(name);
        return draft;
    }

    private static string DeclareResourceHint(string name, Expression at) =>
        ReferenceHints.PropertyOf(at.Span.Path) is { } property && ReferenceHints.ExpectedType(property, null) is { } type
            ? $"declare it under resources: ({name}: {{type: {type}, properties: …}})"
            : $"declare a resource named '{name}' under resources:";

    private void CheckAttribute(ResourceDraft draft, string attribute, Expression at)
    {
        var schema = draft.Schema;
        if (schema is null || schema.OpenAttributes || schema.FindAttribute(attribute) is not null)
        {
            return;
        }

        if (_nested.ContainsKey(draft.ResolvedType) && attribute.StartsWith("resource.", StringComparison.Ordinal))
        {
            return;
        }

        var names = schema.Attributes.Select(a => a.Name).ToList();
        Error(HotMessages.UnknownAttribute, $"resource '{draft.Name}' ({draft.Type}) has no attribute '{attribute}'", at.Span,
            Suggestions.DidYouMean(attribute, names) ?? $"its attributes are {string.Join(", ", names)}");
    }

    private void CheckConditionReference(Expression expression)
    {
        switch (expression)
        {
            case LiteralExpression { Value: string name }:
                if (!ConditionNames.Contains(name))
                {
                    Error(HotMessages.UnknownCondition, $"condition '{name}' is not declared", expression.Span,
                        Suggestions.DidYouMean(name, _conditions.Select(c => c.Name)) ?? "declare it under conditions:");
                }

                break;
            case LiteralExpression { Value: bool or null }:
                break;
            case FunctionExpression f:
                CheckFunction(f, null);
                break;
            default:
                Error(HotMessages.UnknownCondition, "a condition must be a condition name, true/false, or a condition function (equals, not, and, or, …)", expression.Span);
                break;
        }
    }

    /// <summary>The condition names a condition definition uses directly.</summary>
    private static IEnumerable<string> ConditionNamesIn(Expression expression) => expression switch
    {
        LiteralExpression { Value: string name } => [name],
        FunctionExpression { Name: "and" or "or" or "not" } f => Arguments(f).SelectMany(ConditionNamesIn),
        FunctionExpression { Name: "if" } f when Arguments(f) is { IsEmpty: false } args => ConditionNamesIn(args[0]),
        _ => [],
    };
}
