using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Stacks.Deployments;

namespace Nuvola.Cloud.Orchestration.Api;

/// <summary>
/// Heat's software_configs (create, list, show, delete) and software_deployments (create, list by server, show,
/// update, delete, metadata by server) under /heat-api/v1/{project_id}, over the engine's one
/// <see cref="SoftwareDeploymentStore"/>; and the presigned signal URL of CFN_SIGNAL/TEMP_URL_SIGNAL deployments
/// (POST or PUT, no auth: the random token in the query is the proof).
/// </summary>
public static class SoftwareDeploymentEndpoints
{
    private static readonly string[] UpdateFields = ["config_id", "input_values", "output_values", "action", "status", "status_reason"];

    public static IEndpointRouteBuilder MapSoftwareDeploymentEndpoints(this IEndpointRouteBuilder routes)
    {
        var v1 = routes.MapGroup(HeatRequest.Prefix).AddEndpointFilter<HeatRequest>();
        v1.MapPost("/software_configs", CreateConfigAsync);
        v1.MapGet("/software_configs", ListConfigs);
        v1.MapGet("/software_configs/{config_id}", ShowConfig);
        v1.MapDelete("/software_configs/{config_id}", DeleteConfig);
        v1.MapPost("/software_deployments", CreateDeploymentAsync);
        v1.MapGet("/software_deployments", ListDeployments);
        v1.MapGet("/software_deployments/metadata/{server_id}", ServerMetadata);
        v1.MapGet("/software_deployments/{deployment_id}", ShowDeployment);
        v1.MapPut("/software_deployments/{deployment_id}", UpdateDeploymentAsync);
        v1.MapDelete("/software_deployments/{deployment_id}", DeleteDeployment);
        routes.MapPost(HeatEngine.DeploymentSignalPath + "/{deployment_id}", SignalAsync).AllowAnonymous();
        routes.MapPut(HeatEngine.DeploymentSignalPath + "/{deployment_id}", SignalAsync).AllowAnonymous();
        return routes;
    }

    /// <summary>A server resource's metadata gets "deployments": its software deployments' derived configs.</summary>
    internal static void AddDeployments(JsonNode metadata, HeatResource resource, StackOperations operations, string project)
    {
        if (resource.Type != "OS::Nova::Server" || resource.PhysicalId is not { } server || metadata is not JsonObject target ||
            operations.Engine is not { } engine)
        {
            return;
        }

        var deployments = engine.Deployments.Metadata(server, project);
        var softwareConfig = resource.Record?.Properties is { ValueKind: JsonValueKind.Object } p &&
            p.TryGetProperty("user_data_format", out var f) && f.ValueKind == JsonValueKind.String && f.GetString() == "SOFTWARE_CONFIG";
        if (deployments.Count > 0 || softwareConfig)
        {
            target["deployments"] = deployments;
        }
    }

    private static SoftwareDeploymentStore Store(StackOperations operations) => operations.Engine.Deployments;

    private static async Task<IResult> CreateConfigAsync(HttpContext context, StackOperations operations, TimeProvider time)
    {
        StackEndpoints.RequireWrite(context.Auth());
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body["group"] is { } g && g.GetValueKind() != JsonValueKind.String)
        {
            throw ApiException.BadRequest("The group of a software config must be a string.");
        }

        JsonElement? Part(string name, JsonValueKind kind)
        {
            if (body[name] is not { } node)
            {
                return null;
            }

            if (kind != JsonValueKind.Undefined && node.GetValueKind() != kind)
            {
                throw ApiException.BadRequest($"The {name} of a software config must be a {(kind == JsonValueKind.Array ? "list" : "map")}.");
            }

            return JsonSerializer.SerializeToElement(node);
        }

        var config = new SoftwareConfigRecord
        {
            Id = Guid.NewGuid().ToString(),
            Name = body["name"]?.ToString() ?? string.Empty,
            Group = body["group"]?.ToString() ?? "Heat::Ungrouped",
            Config = Part("config", JsonValueKind.Undefined),
            Inputs = Part("inputs", JsonValueKind.Array),
            Outputs = Part("outputs", JsonValueKind.Array),
            Options = Part("options", JsonValueKind.Object),
            Project = HeatRequest.ProjectOf(context),
            CreationTime = time.GetUtcNow(),
        };
        Store(operations).PutConfig(config);
        return Results.Json(new JsonObject { ["software_config"] = SoftwareDeploymentStore.ConfigJson(config) });
    }

    private static IResult ListConfigs(HttpContext context, StackOperations operations)
    {
        var project = HeatRequest.ProjectOf(context);
        IEnumerable<SoftwareConfigRecord> configs = Store(operations).Configs.Where(c => Visible(c.Project, project, context))
            .OrderBy(c => c.CreationTime).ThenBy(c => c.Id, StringComparer.Ordinal);
        var query = context.Request.Query;
        configs = HeatPaging.Page(configs.ToList(), query, c => c.Id, "Software Config", "NotFound", "Only integer is acceptable by 'limit'.");

        return Results.Json(new JsonObject
        {
            ["software_configs"] = new JsonArray([.. configs.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["name"] = c.Name,
                ["group"] = c.Group,
                ["creation_time"] = SoftwareDeploymentStore.ConfigJson(c)["creation_time"]?.DeepClone(),
            })]),
        });
    }

    private static SoftwareConfigRecord FindConfig(HttpContext context, StackOperations operations, string id) =>
        Store(operations).FindConfig(id) is { } c && Visible(c.Project, HeatRequest.ProjectOf(context), context)
            ? c
            : throw ApiException.NotFound($"The Software Config ({id}) could not be found.", "NotFound");

    private static IResult ShowConfig(HttpContext context, StackOperations operations, string config_id) =>
        Results.Json(new JsonObject { ["software_config"] = SoftwareDeploymentStore.ConfigJson(FindConfig(context, operations, config_id)) });

    private static IResult DeleteConfig(HttpContext context, StackOperations operations, string config_id)
    {
        StackEndpoints.RequireWrite(context.Auth());
        var config = FindConfig(context, operations, config_id);
        Store(operations).RemoveConfig(config.Id);
        return Results.StatusCode(204);
    }

    private static async Task<IResult> CreateDeploymentAsync(HttpContext context, StackOperations operations, TimeProvider time)
    {
        StackEndpoints.RequireWrite(context.Auth());
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        var server = body["server_id"]?.ToString();
        if (string.IsNullOrEmpty(server))
        {
            throw ApiException.BadRequest("Missing required parameter: server_id");
        }

        var configId = body["config_id"]?.ToString();
        var config = string.IsNullOrEmpty(configId) ? null : FindConfig(context, operations, configId);
        var id = body["deployment_id"]?.ToString() is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
        if (Store(operations).Find(id) is not null)
        {
            throw ApiException.Conflict($"The software deployment {id} already exists.");
        }

        var now = time.GetUtcNow();
        var project = HeatRequest.ProjectOf(context);
        var deployment = new SoftwareDeploymentRecord
        {
            Id = id,
            Owner = id,
            ServerId = server,
            ConfigId = configId ?? string.Empty,
            Derived = config ?? new SoftwareConfigRecord { Id = string.Empty, Name = string.Empty, Project = project, CreationTime = now },
            InputValues = Object(body, "input_values"),
            Action = body["action"]?.ToString() ?? "INIT",
            Status = body["status"]?.ToString() ?? "COMPLETE",
            StatusReason = body["status_reason"]?.ToString() ?? string.Empty,
            Project = project,
            CreationTime = now,
        };
        Store(operations).Put(deployment);
        return Results.Json(new JsonObject { ["software_deployment"] = SoftwareDeploymentStore.DeploymentJson(deployment) });
    }

    private static IResult ListDeployments(HttpContext context, StackOperations operations)
    {
        var project = HeatRequest.ProjectOf(context);
        var server = context.Request.Query["server_id"].ToString();
        var deployments = Store(operations).Deployments.Where(d => Visible(d.Project, project, context) && (server.Length == 0 || d.ServerId == server))
            .OrderBy(d => d.CreationTime).ThenBy(d => d.Id, StringComparer.Ordinal);
        return Results.Json(new JsonObject
        {
            ["software_deployments"] = new JsonArray([.. deployments.Select(d => (JsonNode)SoftwareDeploymentStore.DeploymentJson(d))]),
        });
    }

    private static IResult ServerMetadata(HttpContext context, StackOperations operations, string server_id) =>
        Results.Json(new JsonObject { ["metadata"] = Store(operations).Metadata(server_id, HeatRequest.ProjectOf(context)) });

    private static SoftwareDeploymentRecord FindDeployment(HttpContext context, StackOperations operations, string id) =>
        Store(operations).Find(id) is { } d && Visible(d.Project, HeatRequest.ProjectOf(context), context)
            ? d
            : throw ApiException.NotFound($"Deployment with id {id} not found", "NotFound");

    private static IResult ShowDeployment(HttpContext context, StackOperations operations, string deployment_id) =>
        Results.Json(new JsonObject { ["software_deployment"] = SoftwareDeploymentStore.DeploymentJson(FindDeployment(context, operations, deployment_id)) });

    private static async Task<IResult> UpdateDeploymentAsync(HttpContext context, StackOperations operations, TimeProvider time, string deployment_id)
    {
        StackEndpoints.RequireWrite(context.Auth());
        var current = FindDeployment(context, operations, deployment_id);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        foreach (var (key, _) in body)
        {
            if (!UpdateFields.Contains(key))
            {
                throw ApiException.BadRequest($"\"{key}\" is not a valid field of a software deployment update.");
            }
        }

        if (body["status"] is { } st && st.ToString() is not ("IN_PROGRESS" or "COMPLETE" or "FAILED"))
        {
            throw ApiException.BadRequest($"Invalid status \"{st}\": one of IN_PROGRESS, COMPLETE, FAILED.");
        }

        var config = body["config_id"]?.ToString() is { Length: > 0 } configId ? FindConfig(context, operations, configId) : null;
        var updated = Store(operations).Update(current.Id, d => d with
        {
            ConfigId = config?.Id ?? d.ConfigId,
            Derived = config ?? d.Derived,
            InputValues = body.ContainsKey("input_values") ? Object(body, "input_values") : d.InputValues,
            OutputValues = body.ContainsKey("output_values") ? Object(body, "output_values") : d.OutputValues,
            Action = body["action"]?.ToString() ?? d.Action,
            Status = body["status"]?.ToString() ?? d.Status,
            StatusReason = body["status_reason"]?.ToString() ?? d.StatusReason,
            UpdatedTime = time.GetUtcNow(),
        }) ?? throw ApiException.NotFound($"Deployment with id {deployment_id} not found", "NotFound");
        return Results.Json(new JsonObject { ["software_deployment"] = SoftwareDeploymentStore.DeploymentJson(updated) });
    }

    private static IResult DeleteDeployment(HttpContext context, StackOperations operations, string deployment_id)
    {
        StackEndpoints.RequireWrite(context.Auth());
        var deployment = FindDeployment(context, operations, deployment_id);
        Store(operations).Remove(deployment.Id);
        return Results.StatusCode(204);
    }

    private static async Task<IResult> SignalAsync(HttpContext context, StackOperations operations, TimeProvider time, string deployment_id)
    {
        var token = context.Request.Query["token"].ToString();
        var deployment = Store(operations).Find(deployment_id);
        if (deployment?.SignalToken is not { } expected || token.Length == 0 ||
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(token)))
        {
            throw ApiException.Forbidden("The request signature does not match the deployment's.", "SignatureError");
        }

        JsonElement details = default;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var node = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
            details = JsonSerializer.SerializeToElement(node);
        }

        Store(operations).Signal(deployment.Id, details, time.GetUtcNow());
        return Results.StatusCode(200);
    }

    private static JsonElement? Object(JsonObject body, string name)
    {
        if (body[name] is not { } node)
        {
            return null;
        }

        return node.GetValueKind() == JsonValueKind.Object
            ? JsonSerializer.SerializeToElement(node)
            : throw ApiException.BadRequest($"The {name} of a software deployment must be a map.");
    }

    // A project sees its own configs and deployments (an admin names the project in the URL).
    private static bool Visible(string? owner, string project, HttpContext context) => owner is null || owner == project;
}
