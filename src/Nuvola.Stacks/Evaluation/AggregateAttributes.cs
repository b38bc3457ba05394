using Nuvola.Model.Diagnostics;
using Nuvola.Model.Evaluation;
using Nuvola.Stacks.Expansion;

namespace Nuvola.Stacks.Evaluation;

/// <summary>
/// What get_attr reads on a group or a nested stack, computed from its members: a group's refs, refs_map,
/// attributes, outputs, outputs_list, current_size, resource.N[.attr] and any member attribute as a list; a nested
/// stack's outputs (one by name, or all as `outputs`) and OS::stack_id.
/// </summary>
internal static class AggregateAttributes
{
    public static object? OfGroup(EvaluationContext context, StackNode group, string? attribute)
    {
        var members = group.Members;
        switch (attribute)
        {
            case null:
                return new Dictionary<string, object?>
                {
                    ["refs"] = OfGroup(context, group, "refs"),
                    ["refs_map"] = OfGroup(context, group, "refs_map"),
                };
            case "refs":
                return members.Select(m => context.ResourceId(m)).ToList();
            case "refs_map":
                return members.ToDictionary(m => context.Graph.Nodes[m].Index!, m => context.ResourceId(m));
            case "current_size":
                return (long)members.Count;
            case "removed_rsrc_list":
                return new List<object?>();
            case "attributes" or "outputs":
                var all = members.ToDictionary(m => context.Graph.Nodes[m].Index!, m => AllOf(context, m));
                var names = all.Values.OfType<IReadOnlyDictionary<string, object?>>().SelectMany(a => a.Keys).Distinct();
                if (all.Values.Any(v => v is UnknownValue))
                {
                    return UnknownValue.Instance;
                }

                return names.ToDictionary(n => n, n => (object?)all.ToDictionary(p => p.Key,
                    p => p.Value is IReadOnlyDictionary<string, object?> a && a.TryGetValue(n, out var v) ? v : null));
            case "outputs_list":
                var lists = members.Select(m => AllOf(context, m)).ToList();
                if (lists.Any(v => v is UnknownValue))
                {
                    return UnknownValue.Instance;
                }

                return lists.OfType<IReadOnlyDictionary<string, object?>>().SelectMany(a => a.Keys).Distinct()
                    .ToDictionary(n => n, n => (object?)lists.Select(a =>
                        a is IReadOnlyDictionary<string, object?> d && d.TryGetValue(n, out var v) ? v : null).ToList());
        }

        if (attribute.StartsWith("resource.", StringComparison.Ordinal))
        {
            var rest = attribute["resource.".Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            var index = dot < 0 ? rest : rest[..dot];
            var member = members.FirstOrDefault(m => context.Graph.Nodes[m].Index == index);
            if (member is null)
            {
                return null;
            }

            return dot < 0 ? AllOf(context, member) : context.Attribute(member, rest[(dot + 1)..]);
        }

        return members.Select(m => context.Attribute(m, attribute)).ToList();
    }

    public static object? OfNested(EvaluationContext context, StackNode stack, string? attribute)
    {
        var inner = stack.Inner!;
        switch (attribute)
        {
            case "OS::stack_id" or "stack_id":
                return context.ResourceId(stack.Name);
            case "stack_name":
                return stack.Name;
            case null or "outputs":
                return inner.Topology.Outputs.Where(o => Included(context, inner, o.Condition))
                    .ToDictionary(o => o.Name, o => o.Value is null ? null : OutputOf(context, stack, o.Name, o.Value));
        }

        var output = inner.Topology.Outputs.FirstOrDefault(o => o.Name == attribute);
        return output?.Value is null || !Included(context, inner, output.Condition) ? null
            : OutputOf(context, stack, output.Name, output.Value);
    }

    // A nested output; an error in it reads as Heat words it: "Error in parent output b: The Parameter (foo) was not provided."
    private static object? OutputOf(EvaluationContext context, StackNode stack, string name, Nuvola.Model.Topology.Expression value)
    {
        var before = context.Diagnostics.Count;
        var result = context.Evaluate(value, stack.Inner!);
        for (var i = before; i < context.Diagnostics.Count; i++)
        {
            var d = context.Diagnostics[i];
            if (d.Severity == Severity.Error && !d.Message.StartsWith("Error in ", StringComparison.Ordinal))
            {
                var message = d.Code == EvaluationMessages.UnknownParameter && d.Message.Split('\'') is [_, var parameter, ..]
                    ? $"The Parameter ({parameter}) was not provided."
                    : d.Message;
                context.Diagnostics[i] = d with { Message = $"Error in {stack.Source.Name} output {name}: {message}" };
            }
        }

        return result;
    }

    // Every attribute of a member as a map (a nested member: its outputs).
    private static object? AllOf(EvaluationContext context, string member) => context.Attribute(member, null);

    private static bool Included(EvaluationContext context, StackScope scope, Nuvola.Model.Topology.Expression? condition) =>
        condition is null || context.EvaluateCondition(condition, scope) is not false;
}
