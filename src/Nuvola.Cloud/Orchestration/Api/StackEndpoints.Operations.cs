using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Engine.Planning;
using Nuvola.Model.Schemas;

namespace Nuvola.Cloud.Orchestration.Api;

public static partial class StackEndpoints
{
    private static readonly HashSet<string> SortKeys = new(StringComparer.Ordinal) { "stack_name", "stack_status", "creation_time", "updated_time" };

    /// <summary>Hidden stacks carry this tag (Heat's default hidden_stack_tags); listed only with show_hidden=true.</summary>
    public const string HiddenTag = "data-processing-cluster";

    private static IResult List(HttpContext context, HeatStore store, PublicUrls urls)
    {
        var auth = context.Auth();
        var query = context.Request.Query;
        var project = HeatRequest.ProjectOf(context);
        var global = Flag(query, "global_tenant") && auth.IsAdmin;
        IEnumerable<HeatStackRecord> stacks = store.Stacks.Values.Where(s => global || s.ProjectId == project);
        if (!Flag(query, "show_nested"))
        {
            stacks = stacks.Where(s => s.ParentId is null);
        }

        if (!Flag(query, "show_hidden"))
        {
            stacks = stacks.Where(s => !s.Tags.Contains(HiddenTag));
        }

        stacks = Filter(stacks, query, "id", s => s.Id);
        stacks = Filter(stacks, query, "name", s => s.Name);
        stacks = Filter(stacks, query, "stack_name", s => s.Name);
        stacks = Filter(stacks, query, "status", s => s.Status, s => s.StackStatus);
        stacks = Filter(stacks, query, "action", s => s.Action);
        stacks = Filter(stacks, query, "tenant", s => s.ProjectId);
        stacks = Filter(stacks, query, "project_id", s => s.ProjectId);
        stacks = Filter(stacks, query, "username", s => s.Owner);
        stacks = Filter(stacks, query, "parent", s => s.ParentId ?? string.Empty);
        if (Tags(query, "tags") is { } all)
        {
            stacks = stacks.Where(s => all.All(s.Tags.Contains));
        }

        if (Tags(query, "tags_any") is { } any)
        {
            stacks = stacks.Where(s => any.Any(s.Tags.Contains));
        }

        if (Tags(query, "not_tags") is { } notAll)
        {
            stacks = stacks.Where(s => !notAll.All(s.Tags.Contains));
        }

        if (Tags(query, "not_tags_any") is { } notAny)
        {
            stacks = stacks.Where(s => !notAny.Any(s.Tags.Contains));
        }

        var sortKey = query["sort_keys"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "creation_time";
        if (!SortKeys.Contains(sortKey))
        {
            throw ApiException.BadRequest($"Invalid sort key: {sortKey}. Allowed: {string.Join(", ", SortKeys.Order(StringComparer.Ordinal))}");
        }

        var sortDir = query["sort_dir"].ToString() is { Length: > 0 } dir ? dir : "desc";
        if (sortDir is not ("asc" or "desc"))
        {
            throw ApiException.BadRequest($"Invalid sort direction: {sortDir}. Allowed: asc, desc");
        }

        Func<HeatStackRecord, string> key = sortKey switch
        {
            "stack_name" => s => s.Name,
            "stack_status" => s => s.StackStatus,
            "updated_time" => s => HeatJson.Time(s.UpdatedAt ?? s.CreatedAt) + s.CreatedAt.UtcTicks.ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
            _ => s => s.CreatedAt.UtcTicks.ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
        };
        var ordered = (sortDir == "asc"
            ? stacks.OrderBy(key, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal)
            : stacks.OrderByDescending(key, StringComparer.Ordinal).ThenByDescending(s => s.Id, StringComparer.Ordinal)).ToList();
        var count = ordered.Count;
        ordered = HeatPaging.Page(ordered, query, s => s.Id, "Stack");

        var apiBase = HeatRequest.BaseOf(context, urls);
        var body = new JsonObject { ["stacks"] = new JsonArray([.. ordered.Select(s => (JsonNode)HeatJson.Summary(s, apiBase))]) };
        if (Flag(query, "with_count"))
        {
            body["count"] = count;
        }

        return Results.Json(body);
    }

    private static bool Flag(IQueryCollection query, string name) =>
        query[name].ToString() is { Length: > 0 } text && (bool.TryParse(text, out var b) ? b : text is "1" or "yes" or "on");

    private static List<string>? Tags(IQueryCollection query, string name) =>
        query[name].ToString() is { Length: > 0 } text ? [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : null;

    private static IEnumerable<HeatStackRecord> Filter(IEnumerable<HeatStackRecord> stacks, IQueryCollection query, string name, params Func<HeatStackRecord, string>[] values)
    {
        var wanted = query[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        return wanted.Count == 0 ? stacks : stacks.Where(s => values.Any(v => wanted.Contains(v(s), StringComparer.Ordinal)));
    }

    /// <summary>The stack's new request: PUT replaces template, environment, files and parameters; PATCH keeps what is not given.</summary>
    private static (HeatStackRecord Updated, StackInput Input) Merge(HeatStackRecord stack, JsonObject body, bool patch)
    {
        var input = StackInput.Parse(body, templateRequired: !patch);
        var template = input.Template ?? stack.Template;
        JsonObject environment;
        IReadOnlyDictionary<string, string> files;
        Dictionary<string, string> parameters;
        if (patch)
        {
            environment = EnvironmentText.ToObject(stack.Environment);
            StackInput.Merge(environment, input.Environment);
            var mergedFiles = new Dictionary<string, string>(stack.Files, StringComparer.Ordinal);
            foreach (var (k, v) in input.Files)
            {
                mergedFiles[k] = v;
            }

            files = mergedFiles;
            parameters = new Dictionary<string, string>(stack.Parameters, StringComparer.Ordinal);
            foreach (var name in input.ClearParameters)
            {
                parameters.Remove(name);
            }
        }
        else
        {
            environment = input.Environment;
            files = input.Files;
            parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        foreach (var (k, v) in input.Parameters)
        {
            parameters[k] = v;
        }

        var merged = input with
        {
            Template = template,
            Environment = environment,
            HasEnvironment = environment.Count > 0,
            Files = files,
            Parameters = parameters,
        };
        var topology = TemplateCheck.Compile(merged, parameters, requireValues: true);
        var updated = stack with
        {
            Template = template,
            Environment = environment.ToJsonString(),
            Files = files,
            Parameters = parameters,
            ParameterValues = ParameterValues(topology),
            Tags = input.Tags ?? (patch ? stack.Tags : []),
            TimeoutMinutes = input.TimeoutMinutes ?? (patch ? stack.TimeoutMinutes : null),
            DisableRollback = input.DisableRollback ?? (patch ? stack.DisableRollback : true),
            Description = topology.Description,
            Resources = TemplateCheck.Outline(topology),
            OutputNames = [.. topology.Outputs.Select(o => o.Name)],
            Unhealthy = new Dictionary<string, string>(StringComparer.Ordinal),
        };
        return (NestedStacks.Attach(updated, topology), merged);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, HeatStore store, StackOperations operations, string stack_name, string stack_id, bool patch)
    {
        RequireWrite(context.Auth());
        var stack = StackLookup.TopLevel(StackLookup.Find(store, context, stack_name, stack_id));
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (stack.Status == "IN_PROGRESS" || operations.IsRunning(stack.Id))
        {
            throw ApiException.Conflict($"Stack {stack.Name} already has an action ({stack.Action}) in progress.", "ActionInProgress");
        }

        if (stack.Action == "DELETE")
        {
            throw StackLookup.NotFound(stack_name);
        }

        var (updated, _) = Merge(stack, body, patch);
        await operations.StartAsync(updated, "UPDATE", HeatRequest.TokenOf(context),
            (service, options, ct) => service.DeployAsync(updated.EngineKey, Source(updated), options, ct));
        return Results.StatusCode(202);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, HeatStore store, StackOperations operations, string stack_name, string stack_id)
    {
        RequireWrite(context.Auth());
        var stack = StackLookup.TopLevel(StackLookup.Find(store, context, stack_name, stack_id));
        if (stack.Action == "DELETE" && stack.Status == "IN_PROGRESS")
        {
            return Results.NoContent();
        }

        await operations.CancelAsync(stack.Id);
        stack = store.Stacks.Find(stack.Id) ?? throw StackLookup.NotFound(stack_name);
        foreach (var child in store.Stacks.Values.Where(s => s.ParentId == stack.Id))
        {
            await operations.CancelAsync(child.Id);
        }

        await operations.StartAsync(stack, "DELETE", HeatRequest.TokenOf(context),
            (service, options, ct) => service.DestroyAsync(stack.EngineKey, options with { Rollback = false }, ct));
        return Results.NoContent();
    }

    private static async Task<IResult> PreviewCreateAsync(HttpContext context, HeatStore store, StackOperations operations)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var input = StackInput.Parse(body, templateRequired: true);
        StackInput.CheckName(input.StackName);
        var project = HeatRequest.ProjectOf(context);
        var topology = TemplateCheck.Compile(input, input.Parameters, requireValues: true);
        var record = new HeatStackRecord
        {
            Id = "None",
            Name = input.StackName!,
            ProjectId = project,
            Owner = context.Auth().UserName,
            EngineKey = "heat-preview-" + Guid.NewGuid().ToString("N"),
            Template = input.Template!,
            Environment = input.Environment.ToJsonString(),
            Files = input.Files,
            Parameters = input.Parameters,
            ParameterValues = ParameterValues(topology),
            DisableRollback = input.DisableRollback ?? true,
            Description = topology.Description,
            Resources = TemplateCheck.Outline(topology),
            Tags = input.Tags ?? [],
            TimeoutMinutes = input.TimeoutMinutes,
        };
        Stacks.StackPlanResult plan;
        try
        {
            plan = await operations.Engine.ForStack(record.EngineKey, HeatRequest.TokenOf(context)).PlanAsync(record.EngineKey, Source(record), cancellationToken: context.RequestAborted);
        }
        finally
        {
            operations.Engine.Forget(record.EngineKey);
        }

        ThrowOnPlanErrors(plan);
        var stackBody = new JsonObject
        {
            ["capabilities"] = new JsonArray(),
            ["creation_time"] = HeatJson.Time(DateTimeOffset.UtcNow),
            ["deletion_time"] = null,
            ["description"] = record.Description ?? "No description",
            ["disable_rollback"] = record.DisableRollback,
            ["id"] = "None",
            ["links"] = new JsonArray(),
            ["notification_topics"] = new JsonArray(),
            ["parameters"] = HeatJson.Parameters(record),
            ["parent"] = null,
            ["stack_name"] = record.Name,
            ["stack_owner"] = record.Owner,
            ["tags"] = record.Tags.Count == 0 ? null : new JsonArray([.. record.Tags.Select(t => (JsonNode?)t)]),
            ["template_description"] = record.Description ?? "No description",
            ["timeout_mins"] = record.TimeoutMinutes,
            ["updated_time"] = null,
            ["resources"] = PreviewTree([.. plan.Plan!.Changes.Where(c => c.Action != ChangeAction.Delete)], string.Empty, record, null),
        };
        return Results.Json(new JsonObject { ["stack"] = stackBody });
    }

    private static void ThrowOnPlanErrors(Stacks.StackPlanResult plan)
    {
        if (plan.HasErrors || plan.Plan is null)
        {
            var messages = plan.Diagnostics.Where(d => d.Severity == Model.Diagnostics.Severity.Error).Select(d => d.Message).ToList();
            throw TemplateCheck.Invalid(messages.Count > 0 ? string.Join("; ", messages) : "The stack could not be planned.");
        }
    }

    /// <summary>
    /// Heat's preview list: a template's resources, and for a nested stack or group (the engine's "parent.member"
    /// names) a list of its own resources in place of the parent, with parent_resource and the nested stack's name.
    /// </summary>
    private static JsonArray PreviewTree(List<PlannedChange> changes, string prefix, HeatStackRecord stack, string? parent)
    {
        var items = new JsonArray();
        var level = changes.Where(c => c.LogicalName.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        foreach (var head in level.Select(c => c.LogicalName[prefix.Length..].Split('.')[0]).Distinct(StringComparer.Ordinal))
        {
            var own = level.FirstOrDefault(c => c.LogicalName == prefix + head);
            var members = level.Where(c => c.LogicalName.StartsWith(prefix + head + ".", StringComparison.Ordinal)).ToList();
            if (members.Count > 0)
            {
                var nested = stack with { Name = stack.Name + "-" + head };
                items.Add(PreviewTree(members, prefix + head + ".", nested, head));
            }
            else if (own is not null)
            {
                var entry = PreviewResource(own, stack, level, head, prefix);
                if (parent is not null)
                {
                    entry["parent_resource"] = parent;
                }

                items.Add(entry);
            }
        }

        return items;
    }

    private static JsonObject PreviewResource(PlannedChange change, HeatStackRecord stack, IEnumerable<PlannedChange> all, string name, string prefix)
    {
        var identity = (string path) => new JsonObject { ["stack_name"] = stack.Name, ["stack_id"] = "None", ["tenant"] = stack.ProjectId, ["path"] = path };
        var schema = ResourceTypeCatalog.Find(change.Type);
        var properties = new JsonObject();
        if (schema is not null)
        {
            foreach (var p in schema.Properties.Where(p => p.SupersededBy is null))
            {
                properties[p.Name] = TemplateCheck.ToJson(p.Default);
            }
        }

        if (change.Properties is { ValueKind: JsonValueKind.Object } given)
        {
            foreach (var p in given.EnumerateObject())
            {
                properties[p.Name] = change.SecretProperties.Contains(p.Name) ? "******" : JsonNode.Parse(p.Value.GetRawText());
            }
        }

        var attributes = new JsonObject();
        foreach (var a in schema?.Attributes ?? [])
        {
            attributes[a.Name] = null;
        }

        return new JsonObject
        {
            ["attributes"] = attributes,
            ["creation_time"] = null,
            ["description"] = string.Empty,
            ["metadata"] = new JsonObject(),
            ["physical_resource_id"] = string.Empty,
            ["properties"] = properties,
            ["required_by"] = new JsonArray([.. all.Where(o => o.DependsOn.Contains(change.LogicalName)).Select(o => (JsonNode?)o.LogicalName[prefix.Length..])]),
            ["resource_action"] = "INIT",
            ["resource_identity"] = identity("/resources/" + name),
            ["resource_name"] = name,
            ["resource_status"] = "COMPLETE",
            ["resource_status_reason"] = string.Empty,
            ["resource_type"] = change.Type,
            ["stack_identity"] = identity(string.Empty),
            ["stack_name"] = stack.Name,
            ["updated_time"] = null,
        };
    }

    private static async Task<IResult> PreviewUpdateAsync(HttpContext context, HeatStore store, StackOperations operations, string stack_name, string stack_id, bool patch)
    {
        var stack = StackLookup.TopLevel(StackLookup.Find(store, context, stack_name, stack_id));
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var (updated, _) = Merge(stack, body, patch);
        var plan = await operations.Engine.ForStack(stack.EngineKey, HeatRequest.TokenOf(context)).PlanAsync(stack.EngineKey, Source(updated), cancellationToken: context.RequestAborted);
        ThrowOnPlanErrors(plan);
        var groups = new Dictionary<string, JsonArray>(StringComparer.Ordinal)
        {
            ["added"] = [],
            ["deleted"] = [],
            ["replaced"] = [],
            ["unchanged"] = [],
            ["updated"] = [],
        };
        foreach (var change in plan.Plan!.Changes)
        {
            var group = change.Action switch
            {
                ChangeAction.Create => "added",
                ChangeAction.Delete => "deleted",
                ChangeAction.Replace => "replaced",
                ChangeAction.Update => "updated",
                _ => "unchanged",
            };
            groups[group].Add(new JsonObject
            {
                ["resource_name"] = change.LogicalName,
                ["resource_type"] = change.Type,
                ["resource_action"] = "INIT",
                ["resource_status"] = "COMPLETE",
                ["resource_identity"] = new JsonObject { ["stack_name"] = stack.Name, ["stack_id"] = stack.Id, ["tenant"] = stack.ProjectId, ["path"] = "/resources/" + change.LogicalName },
                ["description"] = change.Reason,
            });
        }

        var resourceChanges = new JsonObject();
        foreach (var (name, list) in groups)
        {
            resourceChanges[name] = list;
        }

        return Results.Json(new JsonObject { ["resource_changes"] = resourceChanges });
    }

    private static async Task<IResult> ExportAsync(HttpContext context, HeatStore store, StackOperations operations, string stack_name, string stack_id, bool abandon)
    {
        if (abandon)
        {
            RequireWrite(context.Auth());
        }

        var stack = StackLookup.TopLevel(StackLookup.Find(store, context, stack_name, stack_id));
        if (abandon)
        {
            await operations.CancelAsync(stack.Id);
        }

        var view = await HeatView.LoadAsync(operations.Engine.State, stack, context.RequestAborted);
        var resources = new JsonObject();
        foreach (var r in view.Resources)
        {
            resources[r.Name] = new JsonObject
            {
                ["action"] = r.Action,
                ["metadata"] = new JsonObject(),
                ["name"] = r.Name,
                ["resource_data"] = new JsonObject(),
                ["resource_id"] = r.PhysicalId,
                ["status"] = r.Status,
                ["type"] = r.Type,
            };
        }

        var data = new JsonObject
        {
            ["action"] = stack.Action,
            ["environment"] = EnvironmentText.Normalised(EnvironmentText.ToObject(stack.Environment), []),
            ["files"] = new JsonObject(stack.Files.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))),
            ["id"] = stack.Id,
            ["name"] = stack.Name,
            ["project_id"] = stack.ProjectId,
            ["resources"] = resources,
            ["stack_user_project_id"] = stack.ProjectId,
            ["status"] = stack.Status,
            ["tags"] = new JsonArray([.. stack.Tags.Select(t => (JsonNode?)t)]),
            ["template"] = TemplateObject(stack.Template),
        };
        if (abandon)
        {
            store.Stacks.Remove(stack.Id);
            await operations.Engine.State.DeleteStackAsync(stack.EngineKey, context.RequestAborted);
            operations.Engine.Forget(stack.EngineKey);
        }

        return Results.Json(data);
    }

    private static async Task<IResult> ActionAsync(HttpContext context, HeatStore store, StackOperations operations, string stack_name, string stack_id)
    {
        RequireWrite(context.Auth());
        var stack = StackLookup.TopLevel(StackLookup.Find(store, context, stack_name, stack_id));
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body.Count != 1)
        {
            throw ApiException.BadRequest("Multiple actions specified");
        }

        var action = body.First().Key;
        switch (action)
        {
            case "cancel_update" or "cancel_without_rollback":
                if (stack.Action != "UPDATE" || stack.Status != "IN_PROGRESS")
                {
                    throw ApiException.BadRequest($"Cancelling update when stack is {stack.StackStatus}", "NotSupported");
                }

                await operations.CancelAsync(stack.Id);
                return Results.StatusCode(200);
            case "suspend" or "resume" or "check":
                if (operations.IsRunning(stack.Id))
                {
                    throw ApiException.Conflict($"Stack {stack.Name} already has an action ({stack.Action}) in progress.", "ActionInProgress");
                }

                await operations.MarkAsync(stack, action.ToUpperInvariant());
                return Results.StatusCode(200);
            default:
                throw ApiException.BadRequest($"Invalid action {action}");
        }
    }
}
