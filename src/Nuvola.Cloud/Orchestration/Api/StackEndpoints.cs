using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Stacks;

namespace Nuvola.Cloud.Orchestration.Api;

/// <summary>Stacks: create, list, the name → name/id redirect, show, update (PUT replaces, PATCH keeps what is not
/// given), delete, preview, abandon/export, template/environment/files, outputs, actions.</summary>
public static partial class StackEndpoints
{
    private const string Id = "/stacks/{stack_name}/{stack_id}";

    public static RouteGroupBuilder MapStackEndpoints(this RouteGroupBuilder routes)
    {
        routes.MapPost("/stacks", CreateAsync);
        routes.MapGet("/stacks", List);
        routes.MapGet("/stacks/detail", List);
        routes.MapPost("/stacks/preview", PreviewCreateAsync);
        routes.MapMethods("/stacks/{stack_name}", ["GET", "PUT", "PATCH", "DELETE", "POST"], Redirect);
        routes.MapMethods("/stacks/{stack_name}/{sub:regex(^(resources|events|template|outputs|environment|files|actions|abandon|export|preview|snapshots)$)}/{**rest}",
            ["GET", "PUT", "PATCH", "DELETE", "POST"], Redirect);
        routes.MapGet(Id, ShowAsync);
        routes.MapPut(Id, (HttpContext c, HeatStore s, StackOperations o, string stack_name, string stack_id) => UpdateAsync(c, s, o, stack_name, stack_id, patch: false));
        routes.MapPatch(Id, (HttpContext c, HeatStore s, StackOperations o, string stack_name, string stack_id) => UpdateAsync(c, s, o, stack_name, stack_id, patch: true));
        routes.MapPut(Id + "/preview", (HttpContext c, HeatStore s, StackOperations o, string stack_name, string stack_id) => PreviewUpdateAsync(c, s, o, stack_name, stack_id, patch: false));
        routes.MapPatch(Id + "/preview", (HttpContext c, HeatStore s, StackOperations o, string stack_name, string stack_id) => PreviewUpdateAsync(c, s, o, stack_name, stack_id, patch: true));
        routes.MapDelete(Id, DeleteAsync);
        routes.MapDelete(Id + "/abandon", (HttpContext c, HeatStore s, StackOperations o, string stack_name, string stack_id) => ExportAsync(c, s, o, stack_name, stack_id, abandon: true));
        routes.MapGet(Id + "/export", (HttpContext c, HeatStore s, StackOperations o, string stack_name, string stack_id) => ExportAsync(c, s, o, stack_name, stack_id, abandon: false));
        routes.MapGet(Id + "/template", (HttpContext c, HeatStore s, string stack_name, string stack_id) =>
            Results.Json(TemplateObject(StackLookup.Find(s, c, stack_name, stack_id).Template)));
        routes.MapGet(Id + "/environment", (HttpContext c, HeatStore s, string stack_name, string stack_id) =>
            Results.Json(EnvironmentText.Normalised(EnvironmentText.ToObject(StackLookup.Find(s, c, stack_name, stack_id).Environment), [])));
        routes.MapGet(Id + "/files", (HttpContext c, HeatStore s, string stack_name, string stack_id) =>
            Results.Json(StackLookup.Find(s, c, stack_name, stack_id).Files));
        routes.MapGet(Id + "/outputs", OutputsAsync);
        routes.MapGet(Id + "/outputs/{output_key}", OutputAsync);
        routes.MapPost(Id + "/actions", ActionAsync);
        return routes;
    }

    /// <summary>Heat's stack lookup: 302 to the stack's canonical URL (name/id), keeping the rest of the path and the query.</summary>
    private static IResult Redirect(HttpContext context, HeatStore store, PublicUrls urls, string stack_name, string? rest = null, string? sub = null)
    {
        var stack = store.Find(HeatRequest.ProjectOf(context), stack_name) ?? throw StackLookup.NotFound(stack_name);
        var tail = sub is null ? string.Empty : "/" + sub + (string.IsNullOrEmpty(rest) ? string.Empty : "/" + rest);
        var location = HeatJson.StackUrl(HeatRequest.BaseOf(context, urls), stack) + tail + context.Request.QueryString;
        context.Response.Headers.Location = location;
        return Results.StatusCode(302);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, HeatStore store, StackOperations operations, PublicUrls urls, TimeProvider time)
    {
        var auth = context.Auth();
        RequireWrite(auth);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var input = StackInput.Parse(body, templateRequired: true);
        StackInput.CheckName(input.StackName);
        var project = HeatRequest.ProjectOf(context);
        var topology = TemplateCheck.Compile(input, input.Parameters, requireValues: true);
        var id = Guid.NewGuid().ToString();
        var record = new HeatStackRecord
        {
            Id = id,
            Name = input.StackName!,
            ProjectId = project,
            Owner = auth.UserName,
            EngineKey = "heat-" + id,
            Template = input.Template!,
            Environment = input.Environment.ToJsonString(),
            Files = input.Files,
            Parameters = input.Parameters,
            ParameterValues = ParameterValues(topology),
            Tags = input.Tags ?? [],
            TimeoutMinutes = input.TimeoutMinutes,
            DisableRollback = input.DisableRollback ?? true,
            Description = topology.Description,
            Resources = TemplateCheck.Outline(topology),
            OutputNames = [.. topology.Outputs.Select(o => o.Name)],
            CreatedAt = time.GetUtcNow(),
        };
        record = NestedStacks.Attach(record, topology);
        lock (store.Stacks.Sync)
        {
            if (store.Find(project, record.Name) is not null)
            {
                throw ApiException.Conflict($"The Stack ({record.Name}) already exists.", "StackExists");
            }

            store.Stacks.Put(id, record with { StatusReason = "Stack CREATE started" });
        }

        try
        {
            await operations.StartAsync(record, "CREATE", HeatRequest.TokenOf(context),
                (service, options, ct) => service.DeployAsync(record.EngineKey, Source(record), options, ct));
        }
        catch
        {
            store.Stacks.Remove(id);
            throw;
        }

        var href = HeatJson.StackUrl(HeatRequest.BaseOf(context, urls), record);
        context.Response.Headers.Location = href;
        return Results.Json(new JsonObject { ["stack"] = new JsonObject { ["id"] = id, ["links"] = HeatJson.SelfLink(href) } }, statusCode: 201);
    }

    /// <summary>The engine's view of a stack's template: its text, files, environment and parameters.</summary>
    public static StackSource Source(HeatStackRecord record) => new()
    {
        TemplateFile = TemplateCheck.TemplateName,
        TemplateText = record.Template,
        Files = record.Files,
        EnvironmentTexts = record.Environment is "{}" or "" ? [] : [record.Environment],
        Parameters = [.. record.Parameters],
        FilesOnly = true,
    };

    public static IReadOnlyDictionary<string, string> ParameterValues(Model.Topology.TemplateTopology topology)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in topology.Parameters)
        {
            if (p.TryGetEffectiveValue(out var value))
            {
                values[p.Name] = p.Hidden ? "******" : TemplateCheck.ShowValue(value);
            }
        }

        return values;
    }

    internal static void RequireWrite(AuthContext auth)
    {
        if (!auth.CanWrite)
        {
            throw ApiException.Forbidden("You are not authorized to complete this action.", "Forbidden");
        }
    }

    private static async Task<IResult> ShowAsync(HttpContext context, HeatStore store, StackOperations operations, PublicUrls urls, string stack_name, string stack_id)
    {
        var stack = StackLookup.Find(store, context, stack_name, stack_id);
        var resolve = !bool.TryParse(context.Request.Query["resolve_outputs"], out var r) || r;
        var outputs = resolve && operations.HasEngine
            ? await operations.Engine.State.GetOutputsAsync(stack.EngineKey, context.RequestAborted)
            : [];
        outputs = OrderOutputs(stack, outputs);
        return Results.Json(new JsonObject { ["stack"] = HeatJson.Detail(stack, HeatRequest.BaseOf(context, urls), outputs, resolve) });
    }

    private static IReadOnlyList<Engine.State.OutputRecord> OrderOutputs(HeatStackRecord stack, IReadOnlyList<Engine.State.OutputRecord> outputs) =>
        stack.OutputNames.Count == 0 ? outputs : [.. outputs.OrderBy(o => stack.OutputNames.ToList().IndexOf(o.Name) is var i && i < 0 ? int.MaxValue : i)];

    private static async Task<IResult> OutputsAsync(HttpContext context, HeatStore store, StackOperations operations, string stack_name, string stack_id)
    {
        var stack = StackLookup.Find(store, context, stack_name, stack_id);
        var outputs = OrderOutputs(stack, await operations.Engine.State.GetOutputsAsync(stack.EngineKey, context.RequestAborted));
        var listed = outputs.Select(o => (JsonNode)HeatJson.Output(o, withValue: false)).ToList();
        foreach (var name in stack.OutputNames.Where(n => outputs.All(o => o.Name != n)))
        {
            listed.Add(new JsonObject { ["output_key"] = name, ["description"] = "No description given" });
        }

        return Results.Json(new JsonObject { ["outputs"] = new JsonArray([.. listed]) });
    }

    private static async Task<IResult> OutputAsync(HttpContext context, HeatStore store, StackOperations operations, string stack_name, string stack_id, string output_key)
    {
        var stack = StackLookup.Find(store, context, stack_name, stack_id);
        var outputs = await operations.Engine.State.GetOutputsAsync(stack.EngineKey, context.RequestAborted);
        var output = outputs.FirstOrDefault(o => o.Name == output_key);
        if (output is null)
        {
            if (stack.OutputNames.Contains(output_key))
            {
                return Results.Json(new JsonObject
                {
                    ["output"] = new JsonObject { ["output_key"] = output_key, ["description"] = "No description given", ["output_value"] = null },
                });
            }

            throw ApiException.NotFound($"Specified output key {output_key} not found.", "NotFound");
        }

        return Results.Json(new JsonObject { ["output"] = HeatJson.Output(output, withValue: true) });
    }

    private static JsonNode? TemplateObject(string text)
    {
        var node = YamlText.ToJson(text, "template");
        return node ?? new JsonObject();
    }
}
