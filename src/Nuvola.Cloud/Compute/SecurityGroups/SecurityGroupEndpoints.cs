using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Servers;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Network;

namespace Nuvola.Cloud.Compute.SecurityGroups;

/// <summary>Nova's deprecated os-security-groups and os-security-group-rules, proxied to Network.</summary>
public static class SecurityGroupEndpoints
{
    public static RouteGroupBuilder MapSecurityGroups(this RouteGroupBuilder api)
    {
        api.MapGet("/os-security-groups", List);
        api.MapPost("/os-security-groups", CreateAsync);
        api.MapDelete("/os-security-groups", () => Results.NotFound());
        api.MapGet("/os-security-groups/{id}", Show);
        api.MapPut("/os-security-groups/{id}", UpdateAsync);
        api.MapDelete("/os-security-groups/{id}", Delete);
        api.MapPost("/os-security-group-rules", CreateRuleAsync);
        api.MapDelete("/os-security-group-rules/{id}", DeleteRule);
        return api;
    }

    private static IResult List(HttpContext context, NovaSecurityGroups groups)
    {
        var caller = context.Auth();
        var allTenants = context.Request.Query.TryGetValue("all_tenants", out var value) && value.ToString() is not ("0" or "false" or "False");
        var list = groups.List(caller, allTenants).AsEnumerable();
        if (int.TryParse(context.Request.Query["offset"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            list = list.Skip(offset);
        }

        if (int.TryParse(context.Request.Query["limit"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
        {
            list = list.Take(limit);
        }

        return Results.Json(new JsonObject { ["security_groups"] = new JsonArray([.. list.Select(g => (JsonNode)groups.View(caller, g))]) });
    }

    private static IResult Show(string id, HttpContext context, NovaSecurityGroups groups)
    {
        var caller = context.Auth();
        return Results.Json(new JsonObject { ["security_group"] = groups.View(caller, groups.Show(caller, id)) });
    }

    private static async Task<IResult> CreateAsync(HttpContext context, NovaSecurityGroups groups, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var (name, description) = NameAndDescription(await BodyAsync(context, "security_group", cancellationToken));
        return Results.Json(new JsonObject { ["security_group"] = groups.View(caller, groups.Create(caller, name, description)) });
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext context, NovaSecurityGroups groups, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var (name, description) = NameAndDescription(await BodyAsync(context, "security_group", cancellationToken));
        return Results.Json(new JsonObject { ["security_group"] = groups.View(caller, groups.Update(caller, id, name, description)) });
    }

    private static IResult Delete(string id, HttpContext context, NovaSecurityGroups groups)
    {
        groups.Delete(context.Auth(), id);
        return Results.StatusCode(202);
    }

    private static async Task<IResult> CreateRuleAsync(HttpContext context, NovaSecurityGroups groups, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var input = await BodyAsync(context, "security_group_rule", cancellationToken);
        var parent = Text(input["parent_group_id"]);
        if (string.IsNullOrEmpty(parent))
        {
            throw ApiException.BadRequest("Invalid input received: Security group id should be uuid");
        }

        var groupId = Text(input["group_id"]);
        if (groupId is not null)
        {
            groups.Show(caller, groupId);
        }

        var draft = RuleDraft(parent, Text(input["ip_protocol"]), input["from_port"], input["to_port"], groupId is null ? Text(input["cidr"]) : null, groupId);
        var rule = groups.CreateRule(caller, draft);
        return Results.Json(new JsonObject { ["security_group_rule"] = groups.RuleView(caller, rule) });
    }

    private static IResult DeleteRule(string id, HttpContext context, NovaSecurityGroups groups)
    {
        groups.DeleteRule(context.Auth(), id);
        return Results.StatusCode(202);
    }

    /// <summary>Nova's rule checks (protocol, port range, cidr), then the Neutron ingress rule they make.</summary>
    private static SecurityGroupRuleDraft RuleDraft(string parent, string? protocol, JsonNode? fromNode, JsonNode? toNode, string? cidr, string? groupId)
    {
        if (groupId is null)
        {
            cidr = string.IsNullOrEmpty(cidr) ? "0.0.0.0/0" : cidr;
            if (!IPNetwork.TryParse(cidr, out _) && !IPAddress.TryParse(cidr, out _))
            {
                throw ApiException.BadRequest($"Invalid cidr {cidr}.");
            }
        }

        var ethertype = cidr is not null && IPAddress.TryParse(cidr.Split('/')[0], out var address) && address.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
        if (string.IsNullOrEmpty(protocol) || fromNode is null || toNode is null)
        {
            if (groupId is null)
            {
                throw ApiException.BadRequest("Not enough parameters to build a valid rule.");
            }

            return new SecurityGroupRuleDraft(parent, "ingress", ethertype, RemoteGroupId: groupId);
        }

        var upper = protocol.ToUpperInvariant();
        if (!TryPort(fromNode, out var from) || !TryPort(toNode, out var to))
        {
            throw ApiException.BadRequest(upper == "ICMP"
                ? "Invalid input received: Type and Code must be integers for ICMP protocol type"
                : "Invalid input received: To and From ports must be integers");
        }

        if (upper is not ("TCP" or "UDP" or "ICMP"))
        {
            throw ApiException.BadRequest($"Invalid IP protocol {protocol}.");
        }

        if (upper is "TCP" or "UDP" && from > to)
        {
            throw ApiException.BadRequest($"Invalid port range {from}:{to}. Former value cannot be greater than the later");
        }

        if (upper is "TCP" or "UDP" && (from < 1 || to > 65535))
        {
            throw ApiException.BadRequest($"Invalid port range {from}:{to}. Valid {upper} ports should be between 1-65535");
        }

        if (upper == "ICMP" && (from < -1 || from > 255 || to < -1 || to > 255))
        {
            throw ApiException.BadRequest($"Invalid port range {from}:{to}. For ICMP, the type:code must be valid");
        }

        int? min = upper == "ICMP" && from == -1 ? null : from;
        int? max = upper == "ICMP" && (to == -1 || min is null) ? null : to;
        return new SecurityGroupRuleDraft(parent, "ingress", ethertype, protocol.ToLowerInvariant(), min, max, groupId is null ? cidr : null, groupId);
    }

    private static bool TryPort(JsonNode node, out int port)
    {
        port = 0;
        return node is JsonValue value && (value.GetValueKind() == JsonValueKind.Number ? value.TryGetValue(out port)
            : value.TryGetValue<string>(out var text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out port));
    }

    private static async Task<JsonObject> BodyAsync(HttpContext context, string key, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        return body[key] as JsonObject ?? throw ApiException.BadRequest($"Missing parameter {key}");
    }

    /// <summary>Nova's validate_property for name and description: strings of 1..255 (description 0..255) characters once trimmed; kept as given.</summary>
    private static (string Name, string Description) NameAndDescription(JsonObject input)
    {
        string Check(string property, int minimum)
        {
            if (input[property] is not JsonValue value || !value.TryGetValue<string>(out var text))
            {
                throw ApiException.BadRequest($"Security group {property} is not a string or unicode");
            }

            var trimmed = text.Trim();
            if (trimmed.Length < minimum)
            {
                throw ApiException.BadRequest($"Invalid input received: {property} has a minimum character requirement of {minimum}.");
            }

            if (trimmed.Length > 255)
            {
                throw ApiException.BadRequest($"Invalid input received: {property} has more than 255 characters.");
            }

            return text;
        }

        return (Check("name", 1), Check("description", 0));
    }

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };
}
