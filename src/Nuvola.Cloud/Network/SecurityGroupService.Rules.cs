using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network;

/// <summary>Rules of security groups, and groups on a server's ports.</summary>
public sealed partial class SecurityGroupService
{
    /// <summary>The rules of a group, oldest first.</summary>
    public IReadOnlyList<SecurityGroupRuleRecord> RulesOf(string groupId) => store.RulesOf(groupId).ToList();

    /// <summary>The rules the caller sees (admin: all).</summary>
    public IReadOnlyList<SecurityGroupRuleRecord> ListRules(AuthContext caller)
    {
        if (caller.ProjectId is { } project)
        {
            EnsureDefault(project);
        }

        return store.SecurityGroupRules.Values
            .Where(r => store.FindSecurityGroupRule(r.Id, caller) is not null)
            .OrderBy(r => r.Standard.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
    }

    public SecurityGroupRuleRecord ShowRule(AuthContext caller, string id) =>
        store.FindSecurityGroupRule(id, caller) ?? throw NeutronErrors.NotFound("SecurityGroupRule", id);

    /// <summary>Adds a rule: 404 for an unknown group or remote group, 400 for a bad rule, 409 SecurityGroupRuleExists for a duplicate.</summary>
    public SecurityGroupRuleRecord CreateRule(AuthContext caller, SecurityGroupRuleDraft draft)
    {
        RequireWrite(caller, "create_security_group_rule");
        var checkedDraft = SecurityGroupRuleValidation.Check(draft);
        lock (store.SecurityGroups.Sync)
        {
            var group = store.FindSecurityGroup(draft.SecurityGroupId, caller) ?? throw NeutronErrors.NotFound("SecurityGroup", draft.SecurityGroupId);
            if (checkedDraft.RemoteGroupId is { } remote && store.FindSecurityGroup(remote, caller) is null)
            {
                throw NeutronErrors.NotFound("SecurityGroup", remote);
            }

            return PutRule(checkedDraft, group.ProjectId);
        }
    }

    public void DeleteRule(AuthContext caller, string id)
    {
        RequireWrite(caller, "delete_security_group_rule");
        lock (store.SecurityGroups.Sync)
        {
            var rule = store.FindSecurityGroupRule(id, caller) ?? throw NeutronErrors.NotFound("SecurityGroupRule", id);
            store.SecurityGroupRules.Remove(rule.Id);
            Touch(rule.SecurityGroupId);
        }
    }

    /// <summary>The groups on a server's ports (union, in port order), as Nova lists them.</summary>
    public IReadOnlyList<SecurityGroupRecord> GroupsOfServer(string serverId) =>
        store.Ports.Values.Where(p => p.DeviceId == serverId).OrderBy(p => p.ServerOrder)
            .SelectMany(p => p.SecurityGroups).Distinct(StringComparer.Ordinal)
            .Select(store.SecurityGroups.Find).OfType<SecurityGroupRecord>().ToList();

    /// <summary>Adds a group (name or id) to every port of a server (Nova's addSecurityGroup); 404 for an unknown group.</summary>
    public SecurityGroupRecord AddToServer(AuthContext caller, string serverId, string groupNameOrId)
    {
        var group = FindByNameOrId(caller, groupNameOrId);
        ChangeServerPorts(serverId, p => p.PortSecurityEnabled && !p.SecurityGroups.Contains(group.Id)
            ? p with { SecurityGroups = [.. p.SecurityGroups, group.Id] }
            : null);
        return group;
    }

    /// <summary>Removes a group (name or id) from every port of a server (Nova's removeSecurityGroup); false when no port had it.</summary>
    public bool RemoveFromServer(AuthContext caller, string serverId, string groupNameOrId)
    {
        var group = FindByNameOrId(caller, groupNameOrId);
        return ChangeServerPorts(serverId, p => p.SecurityGroups.Contains(group.Id)
            ? p with { SecurityGroups = p.SecurityGroups.Where(id => id != group.Id).ToList() }
            : null) > 0;
    }

    private int ChangeServerPorts(string serverId, Func<PortRecord, PortRecord?> change)
    {
        var changed = 0;
        lock (store.Ports.Sync)
        {
            foreach (var port in store.Ports.Values.Where(p => p.DeviceId == serverId).ToList())
            {
                if (change(port) is { } updated)
                {
                    store.Ports.Put(updated.Id, updated with { Standard = updated.Standard.Touched(store.Now) });
                    changed++;
                }
            }
        }

        return changed;
    }

    /// <summary>Stores a checked rule (caller holds SecurityGroups.Sync); 409 when the group has the same rule.</summary>
    private SecurityGroupRuleRecord PutRule(SecurityGroupRuleDraft draft, string projectId, bool touch = true)
    {
        var rule = new SecurityGroupRuleRecord(
            NetworkStore.NewId(), draft.SecurityGroupId, projectId, draft.Direction, draft.Ethertype, draft.Protocol,
            draft.PortRangeMin, draft.PortRangeMax, draft.RemoteIpPrefix, draft.RemoteGroupId, StandardAttributes.New(store.Now, draft.Description));
        if (store.RulesOf(draft.SecurityGroupId).FirstOrDefault(r => r.SameAs(rule)) is { } same)
        {
            throw NeutronErrors.SecurityGroupRuleExists(same.Id);
        }

        store.SecurityGroupRules.Put(rule.Id, rule);
        if (touch)
        {
            Touch(draft.SecurityGroupId);
        }

        return rule;
    }

    private void Touch(string groupId)
    {
        if (store.SecurityGroups.Find(groupId) is { } group)
        {
            store.SecurityGroups.Put(group.Id, group with { Standard = group.Standard.Touched(store.Now) });
        }
    }
}
