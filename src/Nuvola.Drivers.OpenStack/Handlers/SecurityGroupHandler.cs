using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>
/// OS::Neutron::SecurityGroup → /v2.0/security-groups with its rules. As Heat does: when the rules property holds an
/// egress rule, Neutron's default egress rules are removed; an update makes the group's rules equal to the list.
/// </summary>
internal sealed class SecurityGroupHandler : NeutronHandler
{
    public override string Type => "OS::Neutron::SecurityGroup";

    protected override string Collection => "security-groups";

    protected override string Singular => "security_group";

    protected override bool UpdatesValueSpecs => false;

    protected override Task<JsonObject> CreateBodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken) => Task.FromResult(Common(spec, props));

    protected override Task<JsonObject> UpdateBodyAsync(HandlerContext context, ResourceSpec spec, Props props, string subject,
        CancellationToken cancellationToken) => Task.FromResult(Common(spec, props));

    protected override JsonObject PropertiesOf(JsonObject item) => Snapshots.Pick(item, "name", "description");

    protected override Task AfterCreateAsync(HandlerContext context, ResourceSpec spec, Props props, string id, ResourceApi api,
        CancellationToken cancellationToken) =>
        props.Has("rules") ? SyncRulesAsync(context, props, id, api, cancellationToken) : Task.CompletedTask;

    protected override Task AfterUpdateAsync(HandlerContext context, ResourceSpec spec, Props props, string id, ResourceApi api,
        CancellationToken cancellationToken) => SyncRulesAsync(context, props, id, api, cancellationToken);

    private static JsonObject Common(ResourceSpec spec, Props props)
    {
        var body = new JsonObject { ["name"] = NameOf(spec, props) };
        Copy(body, props, "description");
        return body;
    }

    private static async Task SyncRulesAsync(HandlerContext context, Props props, string id, ResourceApi api, CancellationToken cancellationToken)
    {
        var desired = new List<JsonObject>();
        foreach (var rule in props.List("rules")?.OfType<JsonObject>() ?? [])
        {
            desired.Add(await RuleBodyAsync(context, new Props(rule), id, api.Subject, cancellationToken).ConfigureAwait(false));
        }

        var keepDefaultEgress = !desired.Any(r => (string?)r["direction"] == "egress");
        var existing = await api.GetAsync(ServiceTypes.Network, $"/security-group-rules?security_group_id={id}", cancellationToken)
            .ConfigureAwait(false);
        var present = (existing["security_group_rules"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var unmatched = new List<JsonObject>(desired);
        foreach (var rule in present)
        {
            var match = unmatched.FirstOrDefault(d => Same(d, rule, id));
            if (match is not null)
            {
                unmatched.Remove(match);
            }
            else if (!(keepDefaultEgress && (string?)rule["direction"] == "egress" && IsDefaultEgress(rule)))
            {
                await api.DeleteAsync(ServiceTypes.Network, $"/security-group-rules/{rule["id"]}", cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var rule in unmatched)
        {
            await api.PostAsync(ServiceTypes.Network, "/security-group-rules", new JsonObject { ["security_group_rule"] = rule },
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A rule in Neutron's form from Heat's rule properties (shared with OS::Neutron::SecurityGroupRule).</summary>
    internal static async Task<JsonObject> RuleBodyAsync(HandlerContext context, Props rule, string groupId, string subject,
        CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["security_group_id"] = groupId,
            ["direction"] = rule.Str("direction") ?? "ingress",
            ["ethertype"] = rule.Str("ethertype") ?? "IPv4",
        };
        if (rule.Str("protocol") is { } protocol)
        {
            body["protocol"] = protocol;
        }

        if (rule.Int("port_range_min") is { } min)
        {
            body["port_range_min"] = min;
        }

        if (rule.Int("port_range_max") is { } max)
        {
            body["port_range_max"] = max;
        }

        if (rule.Str("description") is { } description)
        {
            body["description"] = description;
        }

        var remoteGroup = rule.Str("remote_group") ?? rule.Str("remote_group_id");
        if (rule.Str("remote_mode") == "remote_group_id" || remoteGroup is not null)
        {
            body["remote_group_id"] = remoteGroup is null
                ? groupId
                : await context.Names.IdAsync("security_group", remoteGroup, subject, cancellationToken).ConfigureAwait(false);
        }
        else if (rule.Str("remote_ip_prefix") is { } prefix)
        {
            body["remote_ip_prefix"] = prefix;
        }

        return body;
    }

    private static bool Same(JsonObject desired, JsonObject present, string groupId)
    {
        static string? S(JsonNode? n) => n is null ? null : Props.StrOf(n) ?? n.ToJsonString();
        return new[] { "direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix" }
                   .All(k => S(desired[k]) == S(present[k]))
               && (S(desired["remote_group_id"]) ?? string.Empty) == (S(present["remote_group_id"]) ?? string.Empty)
               && (string?)present["security_group_id"] == groupId;
    }

    private static bool IsDefaultEgress(JsonObject rule) =>
        rule["protocol"] is null && rule["port_range_min"] is null && rule["remote_ip_prefix"] is null && rule["remote_group_id"] is null;
}
