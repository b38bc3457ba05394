using System.Text;
using System.Text.Json;
using Nuvola.Engine.Planning;
using Nuvola.Model.Diagnostics;

namespace Nuvola.Cli.Stacks;

/// <summary>A plan for people: one line per change with its reason, the properties that change, a summary line.</summary>
internal static class PlanRendering
{
    public static string Table(Plan plan)
    {
        var text = new StringBuilder();
        var changes = plan.Changes.Where(c => c.Action != ChangeAction.NoOp).ToList();
        if (changes.Count == 0)
        {
            return $"No changes: stack {plan.Stack} is up to date ({Summary(plan)}).{Environment.NewLine}";
        }

        text.AppendLine($"Plan for stack {plan.Stack}:");
        var nameWidth = changes.Max(c => c.LogicalName.Length);
        var typeWidth = changes.Max(c => c.Type.Length);
        var spans = StackViews.SpansClouds(plan.Changes.Select(c => c.Cloud));
        var cloudWidth = spans ? plan.Changes.Max(c => (c.Cloud ?? "-").Length) : 0;
        if (spans)
        {
            text.Append("  ").Append(string.Empty.PadRight(4)).Append("NAME".PadRight(nameWidth)).Append("  ")
                .Append("TYPE".PadRight(typeWidth)).Append("  ").AppendLine("CLOUD");
        }

        foreach (var change in changes)
        {
            text.Append("  ").Append(Symbol(change.Action).PadRight(3)).Append(' ')
                .Append(change.LogicalName.PadRight(nameWidth)).Append("  ").Append(change.Type.PadRight(typeWidth)).Append("  ")
                .Append(spans ? (change.Cloud ?? "-").PadRight(cloudWidth) + "  " : string.Empty)
                .Append(change.Action.ToString().ToLowerInvariant()).Append(": ").AppendLine(change.Reason);
            foreach (var property in change.PropertyChanges)
            {
                text.Append("        ").Append(property.Name).Append(": ")
                    .Append(property.Before is { } before ? Value(before) : "(none)").Append(" -> ")
                    .Append(property.KnownAfterApply ? "(known after apply)" : property.After is { } after ? Value(after) : "(none)")
                    .AppendLine(property.ForcesReplace ? "  (forces replacement)" : string.Empty);
            }
        }

        text.Append("Plan: ").Append(Summary(plan)).AppendLine(".");
        return text.ToString();
    }

    public static string Summary(Plan plan)
    {
        var counts = plan.Counts();
        var summary = $"{counts.GetValueOrDefault(ChangeAction.Create)} to create, {counts.GetValueOrDefault(ChangeAction.Update)} to update, " +
                      $"{counts.GetValueOrDefault(ChangeAction.Replace)} to replace, {counts.GetValueOrDefault(ChangeAction.Delete)} to delete";
        return counts.GetValueOrDefault(ChangeAction.NoOp) is > 0 and var same ? $"{summary}, {same} unchanged" : summary;
    }

    /// <summary>Warnings and infos of a plan that has no errors, for stderr.</summary>
    public static string Notes(IEnumerable<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (var d in diagnostics.Where(d => d.Severity != Severity.Error))
        {
            var where = d.Span is { } span ? $"{span.File}:{span.Line}:{span.Column}: " : string.Empty;
            text.Append(where).Append(d.Severity.ToString().ToLowerInvariant()).Append(' ').Append(d.Code).Append(": ").AppendLine(d.Message);
        }

        return text.ToString();
    }

    private static string Symbol(ChangeAction action) => action switch
    {
        ChangeAction.Create => "+",
        ChangeAction.Update => "~",
        ChangeAction.Replace => "-/+",
        ChangeAction.Delete => "-",
        _ => " ",
    };

    private static string Value(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 80 ? text[..77] + "..." : text;
    }
}
