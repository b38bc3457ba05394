using System.Globalization;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Flavors;
using Nuvola.Cloud.Compute.Limits;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Compute.Servers;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.ServerGroups;

/// <summary>
/// /compute/v2.1/os-server-groups: create, list (all_projects for admin, limit/offset), show, delete. Before 2.64 a
/// group shows "policies" (a list of one) and an empty "metadata"; from 2.64 "policy" and "rules"; project_id and
/// user_id from 2.13. Another project's group is refused by policy (403), as Nova's project-scoped rules do.
/// </summary>
public static class ServerGroupEndpoints
{
    private const string Rule = "os_compute_api:os-server-groups:";

    public static RouteGroupBuilder MapServerGroups(this RouteGroupBuilder api)
    {
        api.MapPost("/os-server-groups", CreateAsync);
        api.MapGet("/os-server-groups", List);
        api.MapGet("/os-server-groups/{id}", Show);
        api.MapDelete("/os-server-groups/{id}", Delete);
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ServerGroupStore groups, QuotaService quotas, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var projectId = caller.RequireProject();
        if (!caller.CanWrite)
        {
            throw NovaInput.PolicyRefusal(Rule + "create");
        }

        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var (name, policy, maxPerHost) = ParseCreate(body, context.ComputeVersion());
        ServerGroupRecord group;
        lock (groups.Sync)
        {
            var limit = quotas.LimitOf(projectId, QuotaDefaults.ServerGroups);
            if (limit >= 0 && groups.CountOf(projectId) + 1 > limit)
            {
                throw ApiException.Forbidden("Quota exceeded, too many server groups.");
            }

            group = new ServerGroupRecord
            {
                Id = Guid.NewGuid().ToString("D"),
                Name = name,
                ProjectId = projectId,
                UserId = caller.UserId,
                Policy = policy,
                MaxServerPerHost = maxPerHost,
                CreatedAt = time.GetUtcNow(),
            };
            groups.Put(group);
        }

        return Json(new JsonObject { ["server_group"] = View(context, group) });
    }

    private static IResult List(HttpContext context, ServerGroupStore groups)
    {
        var caller = context.Auth();
        var all = context.Request.Query.ContainsKey("all_projects") && caller.IsAdmin;
        var offset = QueryNumber(context, "offset") ?? 0;
        var limit = QueryNumber(context, "limit") is { } asked and > 0 ? Math.Min(asked, 1000) : 1000;
        var shown = groups.All.Where(g => all || g.ProjectId == caller.ProjectId).Skip(offset).Take(limit);
        return Json(new JsonObject { ["server_groups"] = new JsonArray([.. shown.Select(g => (JsonNode)View(context, g))]) });
    }

    private static IResult Show(HttpContext context, ServerGroupStore groups, string id) =>
        Json(new JsonObject { ["server_group"] = View(context, Require(context.Auth(), groups, id, "show")) });

    private static IResult Delete(HttpContext context, ServerGroupStore groups, string id)
    {
        var caller = context.Auth();
        var group = Require(caller, groups, id, "delete");
        if (!caller.CanWrite)
        {
            throw NovaInput.PolicyRefusal(Rule + "delete");
        }

        return groups.Remove(group.Id) ? Results.StatusCode(204) : throw ServerGroupStore.NotFound(id);
    }

    /// <summary>The group (404 when none has this id), refused by policy (403) when it is another project's.</summary>
    private static ServerGroupRecord Require(AuthContext caller, ServerGroupStore groups, string id, string action)
    {
        var group = groups.Find(id) ?? throw ServerGroupStore.NotFound(id);
        return caller.IsAdmin || group.ProjectId == caller.ProjectId ? group : throw NovaInput.PolicyRefusal(Rule + action);
    }

    private static (string Name, string Policy, int? MaxServerPerHost) ParseCreate(JsonObject body, ApiVersion version)
    {
        NovaInput.NoOtherProperties(body, "server_group");
        var input = NovaInput.Section(body, "server_group");
        var name = ServerInput.Name(input["name"]);
        var allowed = version.IsAtLeast(2, 15) ? ServerGroupPolicies.All : ServerGroupPolicies.Hard;
        var choices = "[" + string.Join(", ", allowed.Select(p => "'" + p + "'")) + "]";
        if (!version.IsAtLeast(2, 64))
        {
            NovaInput.NoOtherProperties(input, "name", "policies");
            var policies = input["policies"] switch
            {
                null => throw NovaInput.Invalid("policies", null, "'policies' is a required property"),
                JsonArray { Count: 0 } empty => throw NovaInput.Invalid("policies", empty, "[] is too short"),
                JsonArray { Count: > 1 } many => throw NovaInput.Invalid("policies", many, $"{many.ToJsonString()} is too long"),
                JsonArray one => one,
                var other => throw NovaInput.Invalid("policies", other, $"{NovaInput.Show(other)} is not of type 'array'"),
            };
            return (name, PolicyOf(policies[0], "policies", allowed, choices), null);
        }

        NovaInput.NoOtherProperties(input, "name", "policy", "rules");
        var policy = PolicyOf(input["policy"] ?? throw NovaInput.Invalid("policy", null, "'policy' is a required property"), "policy", allowed, choices);
        int? maxPerHost = null;
        if (input["rules"] is { } rulesNode)
        {
            var rules = rulesNode as JsonObject ?? throw NovaInput.Invalid("rules", rulesNode, $"{NovaInput.Show(rulesNode)} is not of type 'object'");
            NovaInput.NoOtherProperties(rules, "max_server_per_host");
            if (rules.ContainsKey("max_server_per_host"))
            {
                maxPerHost = NovaInput.Integer(rules["max_server_per_host"], "max_server_per_host", 1);
            }

            if (rules.Count > 0 && policy != ServerGroupPolicies.AntiAffinity)
            {
                throw ApiException.BadRequest("Only anti-affinity policy supports rules.");
            }
        }

        return (name, policy, maxPerHost);
    }

    private static string PolicyOf(JsonNode? node, string field, string[] allowed, string choices) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && allowed.Contains(text)
            ? text
            : throw NovaInput.Invalid(field, node, $"{NovaInput.Show(node)} is not one of {choices}");

    private static int? QueryNumber(HttpContext context, string name)
    {
        if (!context.Request.Query.TryGetValue(name, out var values))
        {
            return null;
        }

        var text = values.ToString();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw ApiException.BadRequest($"Invalid input for query parameters {name}. Value: {text}. '{text}' does not match '^[0-9]+$'");
    }

    /// <summary>Nova's view of a group at the request's microversion.</summary>
    private static JsonObject View(HttpContext context, ServerGroupRecord group)
    {
        var version = context.ComputeVersion();
        var view = new JsonObject { ["id"] = group.Id, ["name"] = group.Name };
        if (version.IsAtLeast(2, 64))
        {
            view["policy"] = group.Policy;
            view["rules"] = group.MaxServerPerHost is { } max ? new JsonObject { ["max_server_per_host"] = max } : new JsonObject();
        }
        else
        {
            view["policies"] = new JsonArray(group.Policy);
            view["metadata"] = new JsonObject();
        }

        view["members"] = new JsonArray([.. group.Members.Select(m => (JsonNode)JsonValue.Create(m))]);
        if (version.IsAtLeast(2, 13))
        {
            view["project_id"] = group.ProjectId;
            view["user_id"] = group.UserId;
        }

        return view;
    }

    private static IResult Json(JsonNode body) => Results.Text(body.ToJsonString(), "application/json");
}
