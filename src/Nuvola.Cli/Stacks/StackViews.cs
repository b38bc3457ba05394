using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Engine.Planning;
using Nuvola.Engine.State;

namespace Nuvola.Cli.Stacks;

/// <summary>The documented JSON/YAML shapes of stacks, resources, events, outputs and plans (docs/cli.md).</summary>
internal static class StackViews
{
    /// <summary>Heat's form: CREATE_COMPLETE, DELETE_IN_PROGRESS, ROLLBACK_FAILED…</summary>
    public static string Status(StackAction action, StackStatus status) =>
        $"{action.ToString().ToUpperInvariant()}_{Snake(status.ToString())}";

    public static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();

    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Stack(StackRecord stack, int? resources = null)
    {
        var node = new JsonObject
        {
            ["name"] = stack.Name,
            ["id"] = stack.Id,
            ["status"] = Status(stack.Action, stack.Status),
            ["status_reason"] = stack.StatusReason,
            ["created_at"] = Time(stack.CreatedAt),
            ["updated_at"] = Time(stack.UpdatedAt),
        };
        if (resources is { } count)
        {
            node["resources"] = count;
        }

        return node;
    }

    public static JsonObject Resource(ResourceRecord resource) => new()
    {
        ["name"] = resource.LogicalName,
        ["type"] = resource.Type,
        ["cloud"] = resource.Cloud,
        ["physical_id"] = resource.PhysicalId,
        ["status"] = Snake(resource.Status.ToString()),
        ["status_reason"] = resource.StatusReason,
        ["depends_on"] = new JsonArray([.. resource.DependsOn.Select(d => (JsonNode?)d)]),
    };

    public static JsonObject Event(EngineEvent e) => new()
    {
        ["id"] = e.Id,
        ["time"] = Time(e.Time),
        ["resource"] = e.LogicalName,
        ["type"] = e.ResourceType,
        ["cloud"] = e.Cloud,
        ["action"] = Snake(e.Action.ToString()),
        ["status"] = Snake(e.Status.ToString()),
        ["reason"] = e.Reason,
        ["physical_id"] = e.PhysicalId,
        ["request_id"] = e.RequestId,
    };

    /// <summary>Whether a table needs a CLOUD column: the rows are on more than one cloud.</summary>
    public static bool SpansClouds(IEnumerable<string?> clouds) => clouds.Distinct(StringComparer.Ordinal).Skip(1).Any();

    /// <summary>Outputs as a name → value map; a secret one is "(sensitive)" unless <paramref name="showSecrets"/>.</summary>
    public static JsonObject Outputs(IEnumerable<OutputRecord> outputs, bool showSecrets)
    {
        var node = new JsonObject();
        foreach (var output in outputs)
        {
            node[output.Name] = output.Secret && !showSecrets ? "(sensitive)" : JsonNode.Parse(output.Value.GetRawText());
        }

        return node;
    }

    /// <summary>An output value for a table cell or for `outputs --value`: strings as they are, others as JSON.</summary>
    public static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    public static JsonObject Plan(Plan plan)
    {
        var counts = plan.Counts();
        return new JsonObject
        {
            ["stack"] = plan.Stack,
            ["id"] = plan.Id,
            ["state_version"] = plan.StateVersion,
            ["summary"] = new JsonObject
            {
                ["create"] = counts.GetValueOrDefault(ChangeAction.Create),
                ["update"] = counts.GetValueOrDefault(ChangeAction.Update),
                ["replace"] = counts.GetValueOrDefault(ChangeAction.Replace),
                ["delete"] = counts.GetValueOrDefault(ChangeAction.Delete),
                ["unchanged"] = counts.GetValueOrDefault(ChangeAction.NoOp),
            },
            ["changes"] = new JsonArray([.. plan.Changes.Select(c => (JsonNode?)Change(c))]),
        };
    }

    private static JsonObject Change(PlannedChange change) => new()
    {
        ["name"] = change.LogicalName,
        ["type"] = change.Type,
        ["cloud"] = change.Cloud,
        ["prior_cloud"] = change.PriorCloud,
        ["action"] = change.Action.ToString().ToLowerInvariant(),
        ["reason"] = change.Reason,
        ["properties"] = new JsonArray([.. change.PropertyChanges.Select(p => (JsonNode?)new JsonObject
        {
            ["name"] = p.Name,
            ["before"] = p.Before is { } before ? JsonNode.Parse(before.GetRawText()) : null,
            ["after"] = p.KnownAfterApply ? "(known after apply)" : p.After is { } after ? JsonNode.Parse(after.GetRawText()) : null,
            ["known_after_apply"] = p.KnownAfterApply,
            ["forces_replace"] = p.ForcesReplace,
        })]),
    };
}
