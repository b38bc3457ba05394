using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Engine.State;

namespace Nuvola.Cloud.Orchestration.Api;

/// <summary>Heat's wire shapes: stacks (summary and detail), resources, events, outputs, links, timestamps.</summary>
public static class HeatJson
{
    public static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)!;

    public static JsonNode? TimeOrNull(DateTimeOffset? time) => time is null ? null : JsonValue.Create(Time(time));

    public static string StackUrl(string apiBase, HeatStackRecord stack) =>
        $"{apiBase}/stacks/{Uri.EscapeDataString(stack.Name)}/{stack.Id}";

    public static JsonArray SelfLink(string href) => new(new JsonObject { ["href"] = href, ["rel"] = "self" });

    public static JsonObject Summary(HeatStackRecord stack, string apiBase) => new()
    {
        ["creation_time"] = Time(stack.CreatedAt),
        ["deletion_time"] = null,
        ["description"] = stack.Description ?? "No description",
        ["id"] = stack.Id,
        ["links"] = SelfLink(StackUrl(apiBase, stack)),
        ["parent"] = stack.ParentId,
        ["project"] = stack.ProjectId,
        ["stack_name"] = stack.Name,
        ["stack_owner"] = stack.Owner,
        ["stack_status"] = stack.StackStatus,
        ["stack_status_reason"] = stack.StatusReason,
        ["stack_user_project_id"] = stack.ProjectId,
        ["tags"] = stack.Tags.Count == 0 ? null : new JsonArray([.. stack.Tags.Select(t => (JsonNode?)JsonValue.Create(t))]),
        ["updated_time"] = TimeOrNull(stack.UpdatedAt),
    };

    public static JsonObject Detail(HeatStackRecord stack, string apiBase, IReadOnlyList<OutputRecord> outputs, bool resolveOutputs)
    {
        var body = Summary(stack, apiBase);
        body["capabilities"] = new JsonArray();
        body["disable_rollback"] = stack.DisableRollback;
        body["notification_topics"] = new JsonArray();
        body["timeout_mins"] = stack.TimeoutMinutes;
        body["template_description"] = stack.Description ?? "No description";
        body["parameters"] = Parameters(stack);
        if (resolveOutputs)
        {
            body["outputs"] = new JsonArray([.. outputs.Select(o => (JsonNode)Output(o, withValue: true))]);
        }

        return body;
    }

    public static JsonObject Parameters(HeatStackRecord stack)
    {
        var parameters = new JsonObject
        {
            ["OS::stack_id"] = stack.Id,
            ["OS::stack_name"] = stack.Name,
            ["OS::project_id"] = stack.ProjectId,
        };
        foreach (var (name, value) in stack.ParameterValues)
        {
            parameters[name] = value;
        }

        return parameters;
    }

    /// <summary>An output; an output whose value could not be resolved carries output_error (the engine's OutputRecord.Error).</summary>
    public static JsonObject Output(OutputRecord output, bool withValue)
    {
        var body = new JsonObject
        {
            ["output_key"] = output.Name,
            ["description"] = output.Description ?? "No description given",
        };
        if (!withValue)
        {
            return body;
        }

        if (OutputError(output) is { } error)
        {
            body["output_value"] = null;
            body["output_error"] = error;
        }
        else
        {
            body["output_value"] = JsonNode.Parse(output.Value.GetRawText());
        }

        return body;
    }

    private static string? OutputError(OutputRecord output) => output.Error;

    public static JsonObject Resource(HeatResource r, HeatStackRecord stack, string apiBase, IReadOnlyList<HeatResource> all, bool detail)
    {
        var stackUrl = StackUrl(apiBase, stack);
        var body = new JsonObject
        {
            ["creation_time"] = TimeOrNull(r.CreatedAt) ?? Time(stack.CreatedAt),
            ["links"] = new JsonArray(
                new JsonObject { ["href"] = $"{stackUrl}/resources/{Uri.EscapeDataString(r.Name)}", ["rel"] = "self" },
                new JsonObject { ["href"] = stackUrl, ["rel"] = "stack" }),
            ["logical_resource_id"] = r.Name,
            ["physical_resource_id"] = r.PhysicalId ?? string.Empty,
            ["required_by"] = new JsonArray([.. all.Where(o => o.DependsOn.Contains(r.Name)).Select(o => (JsonNode?)JsonValue.Create(o.Name))]),
            ["resource_name"] = r.Name,
            ["resource_status"] = r.StackStatus,
            ["resource_status_reason"] = r.Reason,
            ["resource_type"] = r.Type,
            ["updated_time"] = TimeOrNull(r.UpdatedAt) ?? Time(stack.CreatedAt),
        };
        if (NestedStacks.Of(stack, r.Name) is { } nested)
        {
            ((JsonArray)body["links"]!).Add(new JsonObject { ["href"] = StackUrl(apiBase, nested), ["rel"] = "nested" });
        }

        var parentResource = stack.NestedPrefix is { } prefix ? prefix.TrimEnd('.').Split('.')[^1] : null;
        if (parentResource is not null)
        {
            body["parent_resource"] = parentResource;
        }

        if (detail)
        {
            body["attributes"] = Attributes(r);
            body["description"] = string.Empty;
            body["stack_name"] = stack.Name;
            body["parent_resource"] = parentResource;
        }

        return body;
    }

    public static JsonObject Attributes(HeatResource r)
    {
        var attributes = new JsonObject();
        if (r.Record is { } record && record.Attributes.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in record.Attributes.EnumerateObject())
            {
                attributes[property.Name] = record.SecretKeys.Contains(property.Name) ? JsonValue.Create("******") : JsonNode.Parse(property.Value.GetRawText());
            }
        }

        return attributes;
    }

    public static JsonObject Event(HeatEvent e, HeatStackRecord stack, string apiBase, bool detail)
    {
        var stackUrl = StackUrl(apiBase, stack);
        var resourceUrl = $"{stackUrl}/resources/{Uri.EscapeDataString(e.ResourceName)}";
        var body = new JsonObject
        {
            ["event_time"] = Time(e.Time),
            ["id"] = e.Id,
            ["links"] = new JsonArray(
                new JsonObject { ["href"] = $"{resourceUrl}/events/{e.Id}", ["rel"] = "self" },
                new JsonObject { ["href"] = resourceUrl, ["rel"] = "resource" },
                new JsonObject { ["href"] = stackUrl, ["rel"] = "stack" }),
            ["logical_resource_id"] = e.ResourceName,
            ["physical_resource_id"] = e.Type == StackOperations.StackType ? stack.Id : e.PhysicalId ?? string.Empty,
            ["resource_name"] = e.ResourceName,
            ["resource_status"] = e.StackStatus,
            ["resource_status_reason"] = e.Reason,
        };
        if (detail)
        {
            body["resource_type"] = e.Type;
            body["resource_properties"] = new JsonObject();
        }

        return body;
    }
}
