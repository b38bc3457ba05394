using System.Text.Json.Nodes;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network.Api;

/// <summary>/v2.0/security-groups and /v2.0/security-group-rules.</summary>
public static class SecurityGroupEndpoints
{
    private static readonly string[] GroupAttributes = ["name", "description", "project_id", "tenant_id", "stateful", "tags"];

    private static readonly string[] RuleAttributes =
    [
        "security_group_id", "direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group_id",
        "remote_address_group_id", "description", "project_id", "tenant_id",
    ];

    public static void MapSecurityGroups(this IEndpointRouteBuilder v2)
    {
        v2.MapGet("/security-groups", List);
        v2.MapPost("/security-groups", Create);
        v2.MapGet("/security-groups/{id}", Show);
        v2.MapPut("/security-groups/{id}", Update);
        v2.MapDelete("/security-groups/{id}", Delete);
        v2.MapGet("/security-group-rules", ListRules);
        v2.MapPost("/security-group-rules", CreateRule);
        v2.MapGet("/security-group-rules/{id}", ShowRule);
        v2.MapDelete("/security-group-rules/{id}", DeleteRule);
    }

    private static IResult List(HttpContext context, NetworkStore store, SecurityGroupService groups)
    {
        var items = groups.List(context.Auth()).Select(g => NeutronJson.SecurityGroup(g, store));
        return Results.Json(ListQuery.Respond(context, "security_groups", items, id => NeutronErrors.NotFound("SecurityGroup", id)));
    }

    private static IResult Show(HttpContext context, NetworkStore store, SecurityGroupService groups, string id) =>
        Results.Json(new JsonObject
        {
            ["security_group"] = ListQuery.Select(NeutronJson.SecurityGroup(groups.Show(context.Auth(), id), store), ListQuery.Fields(context.Request.Query)),
        });

    private static async Task<IResult> Create(HttpContext context, NetworkStore store, SecurityGroupService groups, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var body = (await NeutronBody.ReadOneAsync(context.Request, "security_group", cancellationToken)).Allow(GroupAttributes);
        var tags = TagEndpoints.AtCreate(body);
        var group = TagEndpoints.OnCreate(store, groups.Create(caller, body.String("name") ?? string.Empty, body.String("description") ?? string.Empty,
            Access.ProjectFor(caller, body), body.Bool("stateful") ?? true), tags);
        return Results.Json(new JsonObject { ["security_group"] = NeutronJson.SecurityGroup(group, store) }, statusCode: 201);
    }

    private static async Task<IResult> Update(HttpContext context, NetworkStore store, SecurityGroupService groups, string id, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        _ = groups.Show(caller, id);
        var body = (await NeutronBody.ReadOneAsync(context.Request, "security_group", cancellationToken)).Allow(["name", "description", "stateful"]);
        var group = groups.Update(caller, id, body.String("name"), body.String("description"), body.Bool("stateful"));
        return Results.Json(new JsonObject { ["security_group"] = NeutronJson.SecurityGroup(group, store) });
    }

    private static IResult Delete(HttpContext context, SecurityGroupService groups, string id)
    {
        groups.Delete(context.Auth(), id);
        return Results.NoContent();
    }

    private static IResult ListRules(HttpContext context, SecurityGroupService groups)
    {
        var items = groups.ListRules(context.Auth()).Select(NeutronJson.SecurityGroupRule);
        return Results.Json(ListQuery.Respond(context, "security_group_rules", items, id => NeutronErrors.NotFound("SecurityGroupRule", id)));
    }

    private static IResult ShowRule(HttpContext context, SecurityGroupService groups, string id) =>
        Results.Json(new JsonObject
        {
            ["security_group_rule"] = ListQuery.Select(NeutronJson.SecurityGroupRule(groups.ShowRule(context.Auth(), id)), ListQuery.Fields(context.Request.Query)),
        });

    private static async Task<IResult> CreateRule(HttpContext context, SecurityGroupService groups, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        Access.RequireWrite(caller, "create_security_group_rule");
        var body = (await NeutronBody.ReadOneAsync(context.Request, "security_group_rule", cancellationToken)).Allow(RuleAttributes);
        if (body.String("remote_address_group_id") is not null)
        {
            throw NeutronErrors.BadRequest("Address groups are not supported by this cloud");
        }

        var draft = new SecurityGroupRuleDraft(
            body.String("security_group_id") ?? throw NeutronErrors.BadRequest("Failed to parse request. Required attribute 'security_group_id' not specified"),
            body.String("direction") ?? throw NeutronErrors.BadRequest("Failed to parse request. Required attribute 'direction' not specified"),
            body.String("ethertype") ?? "IPv4",
            Protocol(body),
            body.Int("port_range_min"),
            body.Int("port_range_max"),
            body.String("remote_ip_prefix"),
            body.String("remote_group_id"),
            body.String("description") ?? string.Empty);
        var rule = groups.CreateRule(caller, draft);
        return Results.Json(new JsonObject { ["security_group_rule"] = NeutronJson.SecurityGroupRule(rule) }, statusCode: 201);
    }

    private static IResult DeleteRule(HttpContext context, SecurityGroupService groups, string id)
    {
        groups.DeleteRule(context.Auth(), id);
        return Results.NoContent();
    }

    /// <summary>Protocol may come as a name or a number (JSON string or integer).</summary>
    private static string? Protocol(NeutronBody body) =>
        body.Attributes["protocol"] is { } node && node.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? node.ToJsonString()
            : body.String("protocol");
}
