using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network;

/// <summary>
/// Security groups and their rules, for Neutron's API and for Compute's os-security-groups proxy. Every project
/// gets its "default" group on first use, as Neutron does. Refusals are ApiExceptions in Neutron's terms (Kind =
/// SecurityGroupNotFound, SecurityGroupRuleExists, ...); a Nova-facing caller rewrites them in Nova's words.
/// </summary>
public sealed partial class SecurityGroupService(NetworkStore store)
{
    public const string DefaultName = "default";

    /// <summary>The project's default group, created (with its rules) on first use.</summary>
    public SecurityGroupRecord EnsureDefault(string projectId)
    {
        var existing = FindDefault(projectId);
        if (existing is not null)
        {
            return existing;
        }

        lock (store.SecurityGroups.Sync)
        {
            existing = FindDefault(projectId);
            if (existing is not null)
            {
                return existing;
            }

            var group = new SecurityGroupRecord(NetworkStore.NewId(), DefaultName, projectId, true, StandardAttributes.New(store.Now, "Default security group"));
            store.SecurityGroups.Put(group.Id, group);
            foreach (var ethertype in new[] { "IPv4", "IPv6" })
            {
                PutRule(new SecurityGroupRuleDraft(group.Id, "egress", ethertype), projectId, touch: false);
                PutRule(new SecurityGroupRuleDraft(group.Id, "ingress", ethertype, RemoteGroupId: group.Id), projectId, touch: false);
            }

            return group;
        }
    }

    /// <summary>The groups the caller sees (admin: all), its own project's default group included.</summary>
    public IReadOnlyList<SecurityGroupRecord> List(AuthContext caller)
    {
        if (caller.ProjectId is { } project)
        {
            EnsureDefault(project);
        }

        return store.SecurityGroups.Values
            .Where(g => caller.IsAdmin || g.ProjectId == caller.ProjectId)
            .OrderBy(g => g.Standard.CreatedAt).ThenBy(g => g.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A group the caller sees; 404 SecurityGroupNotFound otherwise.</summary>
    public SecurityGroupRecord Show(AuthContext caller, string id)
    {
        if (caller.ProjectId is { } project)
        {
            EnsureDefault(project);
        }

        return store.FindSecurityGroup(id, caller) ?? throw NeutronErrors.NotFound("SecurityGroup", id);
    }

    /// <summary>A group by id, else by name among the caller's own (Nova's addSecurityGroup takes names); 404 otherwise.</summary>
    public SecurityGroupRecord FindByNameOrId(AuthContext caller, string nameOrId)
    {
        if (store.FindSecurityGroup(nameOrId, caller) is { } byId)
        {
            return byId;
        }

        var project = caller.RequireProject();
        if (nameOrId == DefaultName)
        {
            return EnsureDefault(project);
        }

        var named = store.SecurityGroups.Values.Where(g => g.ProjectId == project && g.Name == nameOrId).ToList();
        return named.Count switch
        {
            1 => named[0],
            0 => throw NeutronErrors.NotFound("SecurityGroup", nameOrId),
            _ => throw ApiException.Conflict($"Multiple security_group matches found for name '{nameOrId}', use an ID to be more specific.", "NeutronClientNoUniqueMatch"),
        };
    }

    /// <summary>A new group of the caller's project (admin: of <paramref name="projectId"/>), with Neutron's two egress rules.</summary>
    public SecurityGroupRecord Create(AuthContext caller, string name, string description = "", string? projectId = null, bool stateful = true)
    {
        RequireWrite(caller, "create_security_group");
        var project = caller.IsAdmin && projectId is not null ? projectId : caller.RequireProject();
        EnsureDefault(project);
        if (name == DefaultName)
        {
            throw ApiException.Conflict("Default security group already exists.", "SecurityGroupDefaultAlreadyExists");
        }

        lock (store.SecurityGroups.Sync)
        {
            var group = new SecurityGroupRecord(NetworkStore.NewId(), name, project, stateful, StandardAttributes.New(store.Now, description));
            store.SecurityGroups.Put(group.Id, group);
            PutRule(new SecurityGroupRuleDraft(group.Id, "egress", "IPv4"), project, touch: false);
            PutRule(new SecurityGroupRuleDraft(group.Id, "egress", "IPv6"), project, touch: false);
            return group;
        }
    }

    /// <summary>Renames or re-describes a group (the default group keeps its name).</summary>
    public SecurityGroupRecord Update(AuthContext caller, string id, string? name, string? description, bool? stateful = null)
    {
        RequireWrite(caller, "update_security_group");
        lock (store.SecurityGroups.Sync)
        {
            var group = store.FindSecurityGroup(id, caller) ?? throw NeutronErrors.NotFound("SecurityGroup", id);
            if (name is not null && name != group.Name && (group.Name == DefaultName || name == DefaultName))
            {
                throw ApiException.Conflict("Updating default security group not allowed.", "SecurityGroupCannotUpdateDefault");
            }

            var updated = group with
            {
                Name = name ?? group.Name,
                Stateful = stateful ?? group.Stateful,
                Standard = group.Standard.Touched(store.Now) with { Description = description ?? group.Standard.Description },
            };
            store.SecurityGroups.Put(updated.Id, updated);
            return updated;
        }
    }

    /// <summary>Deletes a group and its rules: 409 when a port uses it, 409 for a project's default group (unless admin).</summary>
    public void Delete(AuthContext caller, string id)
    {
        RequireWrite(caller, "delete_security_group");
        lock (store.Ports.Sync)
        {
            lock (store.SecurityGroups.Sync)
            {
                var group = store.FindSecurityGroup(id, caller) ?? throw NeutronErrors.NotFound("SecurityGroup", id);
                if (group.Name == DefaultName && !caller.IsAdmin)
                {
                    throw ApiException.Conflict("Insufficient rights for removing default security group.", "SecurityGroupCannotRemoveDefault");
                }

                if (store.Ports.Values.Any(p => p.SecurityGroups.Contains(id)))
                {
                    throw NeutronErrors.SecurityGroupInUse(id);
                }

                foreach (var rule in store.SecurityGroupRules.Values.Where(r => r.SecurityGroupId == id || r.RemoteGroupId == id).ToList())
                {
                    store.SecurityGroupRules.Remove(rule.Id);
                }

                store.SecurityGroups.Remove(id);
            }
        }
    }

    private SecurityGroupRecord? FindDefault(string projectId) =>
        store.SecurityGroups.Values.FirstOrDefault(g => g.ProjectId == projectId && g.Name == DefaultName);

    private static void RequireWrite(AuthContext caller, string action)
    {
        if (!caller.CanWrite)
        {
            throw NeutronErrors.PolicyNotAuthorized("rule:" + action);
        }
    }
}
