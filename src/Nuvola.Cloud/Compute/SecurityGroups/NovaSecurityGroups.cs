using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Network;

namespace Nuvola.Cloud.Compute.SecurityGroups;

/// <summary>
/// Nova's os-security-groups proxy over Network's security groups: Nova's views (ingress rules only) and Nova's
/// refusals (Neutron's 409s become 400s, messages in Nova's words). The servers' addSecurityGroup and
/// removeSecurityGroup actions call <see cref="AddToServer"/> and <see cref="RemoveFromServer"/>.
/// </summary>
public sealed class NovaSecurityGroups(SecurityGroupService groups)
{
    public IReadOnlyList<SecurityGroupRecord> List(AuthContext caller, bool allTenants) =>
        Translate(() => groups.List(caller).Where(g => (allTenants && caller.IsAdmin) || g.ProjectId == caller.ProjectId).ToList());

    public SecurityGroupRecord Show(AuthContext caller, string id) => Translate(() => groups.Show(caller, id), id);

    public SecurityGroupRecord Create(AuthContext caller, string name, string description) => Translate(() => groups.Create(caller, name, description));

    public SecurityGroupRecord Update(AuthContext caller, string id, string name, string description) =>
        Translate(() => groups.Update(caller, id, name, description), id);

    public void Delete(AuthContext caller, string id) => Translate(() =>
    {
        var group = groups.Show(caller, id);
        if (group.Name == SecurityGroupService.DefaultName)
        {
            throw ApiException.BadRequest("Removing default security group not allowed.");
        }

        groups.Delete(caller, id);
        return true;
    }, id);

    public SecurityGroupRuleRecord CreateRule(AuthContext caller, SecurityGroupRuleDraft draft) => Translate(() =>
    {
        var group = groups.Show(caller, draft.SecurityGroupId);
        if (groups.RulesOf(group.Id).Any(r => r.Direction == "ingress" && r.Ethertype == draft.Ethertype && r.Protocol == draft.Protocol
            && r.PortRangeMin == draft.PortRangeMin && r.PortRangeMax == draft.PortRangeMax && r.RemoteIpPrefix == draft.RemoteIpPrefix
            && r.RemoteGroupId == draft.RemoteGroupId))
        {
            throw ApiException.BadRequest($"This rule already exists in group {group.Id}");
        }

        return groups.CreateRule(caller, draft);
    }, draft.SecurityGroupId);

    public void DeleteRule(AuthContext caller, string id)
    {
        try
        {
            groups.DeleteRule(caller, id);
        }
        catch (ApiException refusal) when (refusal.Status == 404)
        {
            throw ApiException.NotFound($"Security group rule {id} not found.");
        }
        catch (ApiException refusal)
        {
            throw Nova(refusal, id);
        }
    }

    /// <summary>The groups of a server's ports, in Nova's view ({"security_groups": [...]}); the caller checks the server.</summary>
    public JsonObject ServerGroupsView(AuthContext caller, string serverId) =>
        new() { ["security_groups"] = new JsonArray([.. groups.GroupsOfServer(serverId).Select(g => (JsonNode)View(caller, g))]) };

    /// <summary>addSecurityGroup: the group (name or id) on every port of the server; 404 in Nova's words for an unknown group.</summary>
    public void AddToServer(AuthContext caller, string serverId, string groupName) =>
        Translate(() => groups.AddToServer(caller, serverId, groupName), groupName);

    /// <summary>removeSecurityGroup: 404 for an unknown group, 400 when the server does not have it (Nova's wording).</summary>
    public void RemoveFromServer(AuthContext caller, string serverId, string groupName)
    {
        var removed = Translate(() => groups.RemoveFromServer(caller, serverId, groupName), groupName);
        if (!removed)
        {
            throw ApiException.BadRequest($"Security group {groupName} not associated with the instance {serverId}");
        }
    }

    /// <summary>Nova's view of a group: id, name, description, tenant_id, and its ingress rules.</summary>
    public JsonObject View(AuthContext caller, SecurityGroupRecord group) => new()
    {
        ["id"] = group.Id,
        ["name"] = group.Name,
        ["description"] = group.Standard.Description,
        ["tenant_id"] = group.ProjectId,
        ["rules"] = new JsonArray([.. groups.RulesOf(group.Id).Where(r => r.Direction == "ingress").Select(r => (JsonNode)RuleView(caller, r))]),
    };

    /// <summary>Nova's view of a rule: ports as Nova shows them, the remote group by name or the CIDR.</summary>
    public JsonObject RuleView(AuthContext caller, SecurityGroupRuleRecord rule)
    {
        int? from = rule.PortRangeMin;
        int? to = rule.PortRangeMax;
        if (rule.Protocol is { } protocol && from is null && to is null)
        {
            (from, to) = protocol.ToUpperInvariant() is "TCP" or "UDP" ? (1, 65535) : (-1, -1);
        }

        var view = new JsonObject
        {
            ["id"] = rule.Id,
            ["parent_group_id"] = rule.SecurityGroupId,
            ["ip_protocol"] = rule.Protocol,
            ["from_port"] = from,
            ["to_port"] = to,
            ["group"] = new JsonObject(),
            ["ip_range"] = new JsonObject(),
        };
        if (rule.RemoteGroupId is { } remote)
        {
            var source = TryShow(caller, remote);
            view["group"] = new JsonObject { ["name"] = source?.Name ?? remote, ["tenant_id"] = source?.ProjectId ?? rule.ProjectId };
        }
        else if (rule.RemoteIpPrefix is { } cidr)
        {
            view["ip_range"] = new JsonObject { ["cidr"] = cidr };
        }
        else
        {
            view["ip_range"] = new JsonObject { ["cidr"] = rule.Ethertype == "IPv6" ? "::/0" : "0.0.0.0/0" };
        }

        return view;
    }

    private SecurityGroupRecord? TryShow(AuthContext caller, string id)
    {
        try
        {
            return groups.Show(caller, id);
        }
        catch (ApiException)
        {
            return null;
        }
    }

    private static T Translate<T>(Func<T> action, string? id = null)
    {
        try
        {
            return action();
        }
        catch (ApiException refusal)
        {
            throw Nova(refusal, id);
        }
    }

    /// <summary>A Neutron refusal as Nova answers it: no Neutron kind, 409 → 400, not found in Nova's words.</summary>
    private static ApiException Nova(ApiException refusal, string? id) => refusal.Status switch
    {
        404 when refusal.Kind is "SecurityGroupNotFound" or null => ApiException.NotFound($"Security group {id} not found."),
        404 => ApiException.NotFound(refusal.Message),
        409 => ApiException.BadRequest(refusal.Message),
        (int)HttpStatusCode.Forbidden when refusal.Kind == "PolicyNotAuthorized" => ApiException.Forbidden(refusal.Message),
        _ => new ApiException(refusal.Status, refusal.Message),
    };
}
