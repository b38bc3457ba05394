using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Orchestration.Api;

/// <summary>A stack's resources: list (nested_depth, with_detail, filters), show, metadata, signal (hooks and the
/// engine's signals), and PATCH mark_unhealthy.</summary>
public static class ResourceEndpoints
{
    private const string Stack = "/stacks/{stack_name}/{stack_id}";

    public static RouteGroupBuilder MapStackResourceEndpoints(this RouteGroupBuilder routes)
    {
        routes.MapGet(Stack + "/resources", ListAsync);
        routes.MapGet(Stack + "/resources/{resource_name}", ShowAsync);
        routes.MapGet(Stack + "/resources/{resource_name}/metadata", MetadataAsync);
        routes.MapPost(Stack + "/resources/{resource_name}/signal", SignalAsync);
        routes.MapPatch(Stack + "/resources/{resource_name}", MarkAsync);
        return routes;
    }

    private static async Task<(HeatStackRecord Stack, HeatView View)> LoadAsync(HttpContext context, HeatStore store, StackOperations operations, string name, string id)
    {
        var stack = StackLookup.Find(store, context, name, id);
        var view = await HeatView.LoadAsync(operations.Engine.State, stack, context.RequestAborted);
        return (stack, view);
    }

    private static async Task<IResult> ListAsync(HttpContext context, HeatStore store, StackOperations operations, PublicUrls urls, string stack_name, string stack_id)
    {
        var (stack, view) = await LoadAsync(context, store, operations, stack_name, stack_id);
        var query = context.Request.Query;
        var depthText = query["nested_depth"].ToString();
        var depth = 0;
        if (depthText.Length > 0 && (!int.TryParse(depthText, out depth) || depth < 0))
        {
            throw ApiException.BadRequest($"Only integer is acceptable by 'nested_depth'.");
        }

        var listed = new List<Listed>();
        await CollectAsync(operations, stack, view, depth, listed, context.RequestAborted);
        IEnumerable<Listed> resources = listed;
        resources = Filter(resources, query, "type", r => r.Resource.Type);
        resources = Filter(resources, query, "name", r => r.Resource.Name);
        resources = Filter(resources, query, "status", r => r.Resource.Status, r => r.Resource.StackStatus);
        resources = Filter(resources, query, "action", r => r.Resource.Action);
        resources = Filter(resources, query, "id", r => r.Resource.PhysicalId ?? string.Empty);
        resources = Filter(resources, query, "physical_resource_id", r => r.Resource.PhysicalId ?? string.Empty);
        var detail = bool.TryParse(query["with_detail"], out var d) && d;
        var apiBase = HeatRequest.BaseOf(context, urls);
        return Results.Json(new JsonObject
        {
            ["resources"] = new JsonArray([.. resources.Select(r => (JsonNode)HeatJson.Resource(r.Resource, r.Stack, apiBase, r.All, detail))]),
        });
    }

    private sealed record Listed(HeatResource Resource, HeatStackRecord Stack, IReadOnlyList<HeatResource> All);

    // The stack's own resources; with nested_depth, also group members (which the engine keeps in the stack) and,
    // one level per unit of depth, the resources of its nested stacks under their own stack.
    private static async Task CollectAsync(StackOperations operations, HeatStackRecord stack, HeatView view, int depth, List<Listed> into, CancellationToken cancellationToken)
    {
        var topLevel = stack.Resources.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var own = stack.NestedPrefix ?? string.Empty;
        var children = stack.Nested.Where(n => n.ParentId == stack.Id).ToList();
        var childPrefixes = children.Select(c => c.NestedPrefix![own.Length..]).ToList();
        foreach (var r in view.Resources)
        {
            if (topLevel.Contains(r.Name) || (depth > 0 && !childPrefixes.Any(p => r.Name.StartsWith(p, StringComparison.Ordinal))))
            {
                into.Add(new Listed(r, stack, view.Resources));
            }
        }

        if (depth == 0)
        {
            return;
        }

        foreach (var child in children)
        {
            var nested = child with { Nested = stack.Nested, Action = stack.Action, Status = stack.Status, StatusReason = stack.StatusReason };
            var nestedView = await HeatView.LoadAsync(operations.Engine.State, nested, cancellationToken);
            await CollectAsync(operations, nested, nestedView, depth - 1, into, cancellationToken);
        }
    }

    private static IEnumerable<Listed> Filter(IEnumerable<Listed> resources, IQueryCollection query, string name, params Func<Listed, string>[] values)
    {
        var wanted = query[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        return wanted.Count == 0 ? resources : resources.Where(r => values.Any(v => wanted.Contains(v(r), StringComparer.Ordinal)));
    }

    private static HeatResource Find(HeatView view, HeatStackRecord stack, string name) =>
        view.Resources.FirstOrDefault(r => r.Name == name) ?? throw StackLookup.ResourceNotFound(name, stack.Name);

    private static async Task<IResult> ShowAsync(HttpContext context, HeatStore store, StackOperations operations, PublicUrls urls, string stack_name, string stack_id, string resource_name)
    {
        var (stack, view) = await LoadAsync(context, store, operations, stack_name, stack_id);
        var resource = Find(view, stack, resource_name);
        return Results.Json(new JsonObject { ["resource"] = HeatJson.Resource(resource, stack, HeatRequest.BaseOf(context, urls), view.Resources, detail: true) });
    }

    private static async Task<IResult> MetadataAsync(HttpContext context, HeatStore store, StackOperations operations, string stack_name, string stack_id, string resource_name)
    {
        var (stack, view) = await LoadAsync(context, store, operations, stack_name, stack_id);
        var resource = Find(view, stack, resource_name);
        JsonNode metadata = new JsonObject();
        if (resource.Record is { } record && record.Attributes.ValueKind == JsonValueKind.Object && record.Attributes.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object)
        {
            metadata = JsonNode.Parse(m.GetRawText())!;
        }

        SoftwareDeploymentEndpoints.AddDeployments(metadata, resource, operations, HeatRequest.ProjectOf(context));

        return Results.Json(new JsonObject { ["metadata"] = metadata });
    }

    private static async Task<IResult> SignalAsync(HttpContext context, HeatStore store, StackOperations operations, string stack_name, string stack_id, string resource_name)
    {
        RequireWrite(context);
        var (stack, view) = await LoadAsync(context, store, operations, stack_name, stack_id);
        var resource = Find(view, stack, resource_name);
        JsonNode? data = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            data = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        }

        if (data is JsonObject signal && signal["unset_hook"] is { } unset)
        {
            var names = unset is JsonArray list ? list.Select(n => n?.ToString() ?? string.Empty).ToList() : [unset.ToString()];
            foreach (var name in names)
            {
                var point = HookRegistry.Parse(name) ?? throw ApiException.BadRequest($"Invalid hook type \"{name}\" for resource breakpoint, acceptable hook types are: ('pre-create', 'pre-update', 'pre-delete', 'post-create', 'post-update', 'post-delete')");
                if (!await operations.ClearHookAsync(stack, resource.Name, point))
                {
                    throw ApiException.BadRequest($"The \"{name}\" hook is not defined on {resource.Type} \"{resource.Name}\"", "InvalidBreakPointHook");
                }
            }

            return Results.StatusCode(200);
        }

        var payload = JsonSerializer.SerializeToElement(data ?? new JsonObject());
        var accepted = data is not null
            && await operations.Engine.ForStack(stack.EngineKey, HeatRequest.TokenOf(context)).SignalAsync(stack.EngineKey, (stack.NestedPrefix ?? string.Empty) + resource.Name, payload, context.RequestAborted);
        if (!accepted)
        {
            throw ApiException.BadRequest($"Signal resource during {resource.Action} is not supported.", "ResourceFailure");
        }

        return Results.StatusCode(200);
    }

    private static async Task<IResult> MarkAsync(HttpContext context, HeatStore store, StackOperations operations, string stack_name, string stack_id, string resource_name)
    {
        RequireWrite(context);
        var (stack, view) = await LoadAsync(context, store, operations, stack_name, stack_id);
        var resource = Find(view, stack, resource_name);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        foreach (var (key, _) in body)
        {
            if (key is not ("mark_unhealthy" or "resource_status_reason"))
            {
                throw ApiException.BadRequest($"\"{key}\" is not a valid keyword inside a resource definition");
            }
        }

        if (body["mark_unhealthy"] is not JsonValue flag || !flag.TryGetValue<bool>(out var unhealthy))
        {
            throw ApiException.BadRequest("Missing required parameter: mark_unhealthy must be true or false.");
        }

        var reason = body["resource_status_reason"]?.ToString() ?? string.Empty;
        lock (store.Stacks.Sync)
        {
            var current = store.Stacks.Find(stack.Id) ?? throw StackLookup.NotFound(stack_name);
            var marks = new Dictionary<string, string>(current.Unhealthy, StringComparer.Ordinal);
            if (unhealthy)
            {
                marks[resource.Name] = reason;
            }
            else
            {
                marks.Remove(resource.Name);
            }

            store.Stacks.Put(stack.Id, current with { Unhealthy = marks });
        }

        return Results.StatusCode(200);
    }

    private static void RequireWrite(HttpContext context) => StackEndpoints.RequireWrite(context.Auth());
}
