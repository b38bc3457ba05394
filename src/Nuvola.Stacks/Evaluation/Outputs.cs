using System.Text.Json;
using Nuvola.Engine.State;
using Nuvola.Model.Diagnostics;
using Nuvola.Stacks.Expansion;

namespace Nuvola.Stacks.Evaluation;

/// <summary>
/// The stack's outputs, evaluated against the recorded resources after an apply. An output whose condition is false
/// is left out; one whose value cannot be computed gets its error (Heat's output_error) and a null value; one that
/// reads a hidden parameter or a secret attribute is secret.
/// </summary>
internal static class Outputs
{
    private static readonly JsonElement Null = JsonSerializer.SerializeToElement<object?>(null);

    public static IReadOnlyList<OutputRecord> Evaluate(StackGraph graph, IReadOnlyDictionary<string, ResourceRecord> records)
    {
        var result = new List<OutputRecord>();
        var context = new EvaluationContext(name => records.GetValueOrDefault(name), EvaluationContext.Nothing, graph);
        foreach (var output in graph.Topology.Outputs)
        {
            if (output.Condition is { } condition && context.EvaluateCondition(condition, graph.Root) is not true)
            {
                continue;
            }

            context.Reset();
            context.Diagnostics.Clear();
            var value = output.Value is null ? null : context.Evaluate(output.Value, graph.Root);
            var error = context.Diagnostics.FirstOrDefault(d => d.Severity == Severity.Error)?.Message;
            if (error is null && EvaluationContext.ContainsUnknown(value))
            {
                error = $"it depends on {string.Join(", ", context.Unknowns.Distinct())}, which is not deployed";
            }

            result.Add(error is null
                ? new OutputRecord(output.Name, DesiredBuilder.ToElement(value), output.Description, context.SawSecret)
                : new OutputRecord(output.Name, Null, output.Description, false, error));
        }

        return result;
    }
}
