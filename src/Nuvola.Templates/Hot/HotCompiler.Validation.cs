using System.Collections.Immutable;
using Nuvola.Model.Topology;

namespace Nuvola.Templates.Hot;

internal sealed partial class HotCompiler
{
    private void Validate()
    {
        foreach (var draft in _drafts.Where(d => d.Type.Length > 0))
        {
            draft.Schema = ResolveSchema(draft);
        }

        foreach (var condition in _conditions)
        {
            CheckConditionReference(condition.Definition);
        }

        var conditionGraph = _conditions.ToDictionary(c => c.Name, c => (IReadOnlyCollection<string>)ConditionNamesIn(c.Definition).Where(n => _conditions.Any(d => d.Name == n)).ToList(), StringComparer.Ordinal);
        foreach (var cycle in Cycles.Find(_conditions.Select(c => c.Name).ToList(), conditionGraph))
        {
            var first = _conditions.First(c => c.Name == cycle[0]);
            Error(HotMessages.ConditionCycle, $"conditions refer to each other in a cycle: {string.Join(" → ", cycle.Append(cycle[0]))}", first.Span, "break the cycle: a condition cannot depend on itself");
        }

        var dependencies = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        foreach (var draft in _drafts)
        {
            var needs = new HashSet<string>(StringComparer.Ordinal);
            if (draft.Properties is not null)
            {
                CheckReferences(draft.Properties, needs);
            }

            if (draft.Metadata is not null)
            {
                CheckReferences(draft.Metadata, needs);
            }

            if (draft.UpdatePolicy is not null)
            {
                CheckReferences(draft.UpdatePolicy, null);
            }

            if (draft.ExternalId is not null)
            {
                CheckReferences(draft.ExternalId, needs);
            }

            if (draft.Condition is not null)
            {
                CheckConditionReference(draft.Condition);
            }

            foreach (var name in draft.DependsOn)
            {
                if (FindDraft(name.Text) is not null)
                {
                    needs.Add(name.Text);
                }
                else
                {
                    Error(HotMessages.UnknownDependency, $"resource '{draft.Name}' depends_on '{name.Text}', which is not declared", name.Span,
                        Suggestions.DidYouMean(name.Text, _drafts.Select(r => r.Name)) ?? "depends_on names resources of this template");
                }
            }

            dependencies[draft.Name] = needs;
            if (draft.Schema is not null)
            {
                CheckResourceProperties(draft, draft.Schema, draft.Properties, draft.Span, $"resources.{draft.Name}", draft.ExternalId is not null);
            }
        }

        foreach (var output in _outputs)
        {
            if (output.Value is not null)
            {
                // Heat evaluates an output only when it is read: an undeclared parameter there is the output's
                // output_error, not a reason to refuse the stack, so it is a warning here.
                _checkingOutput = true;
                CheckReferences(output.Value, null);
                _checkingOutput = false;
            }

            if (output.Condition is not null)
            {
                CheckConditionReference(output.Condition);
            }
        }

        foreach (var cycle in Cycles.Find(_drafts.Select(d => d.Name).ToList(), dependencies))
        {
            var first = _drafts.First(d => d.Name == cycle[0]);
            Error(HotMessages.DependencyCycle, $"resources depend on each other in a cycle: {string.Join(" → ", cycle.Append(cycle[0]))}", first.Span,
                "remove one of the references (get_resource, get_attr or depends_on) that close the cycle");
        }

        EvaluateStatically();
        foreach (var draft in _drafts)
        {
            _resources.Add(new Resource(draft.Name, draft.Type, draft.ResolvedType, draft.Properties, draft.Metadata, [.. draft.DependsOn.Select(d => d.Text)],
                draft.UpdatePolicy, draft.DeletionPolicy, draft.Condition, draft.ExternalId, draft.Description,
                [.. dependencies[draft.Name].Order(StringComparer.Ordinal)], draft.Span));
        }
    }
}
