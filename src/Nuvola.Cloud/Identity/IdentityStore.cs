using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Identity;

/// <summary>Identity's objects and the look-ups the rest of the cloud needs (users by name, a user's roles on a scope).</summary>
public sealed class IdentityStore(StateStore store)
{
    public const string DefaultDomainId = "default";

    private long _generation;
    private AssignmentIndex? _index;

    public Collection<DomainRecord> Domains { get; } = store.Collection<DomainRecord>("identity.domain");

    public Collection<ProjectRecord> Projects { get; } = store.Collection<ProjectRecord>("identity.project");

    public Collection<UserRecord> Users { get; } = store.Collection<UserRecord>("identity.user");

    public Collection<RoleRecord> Roles { get; } = store.Collection<RoleRecord>("identity.role");

    public Collection<RoleAssignmentRecord> Assignments { get; } = store.Collection<RoleAssignmentRecord>("identity.assignment");

    public Collection<TokenRecord> Tokens { get; } = store.Collection<TokenRecord>("identity.token");

    public Collection<ApplicationCredentialRecord> ApplicationCredentials { get; } = store.Collection<ApplicationCredentialRecord>("identity.application_credential");

    public Collection<GroupRecord> Groups { get; } = store.Collection<GroupRecord>("identity.group");

    /// <summary>Bumped on every change that can alter what a token grants; token caches compare against it.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public void Changed() => Interlocked.Increment(ref _generation);

    public UserRecord? FindUserByName(string name, string domainId) =>
        Users.Values.FirstOrDefault(u => u.Name == name && u.DomainId == domainId);

    public ProjectRecord? FindProjectByName(string name, string domainId) =>
        Projects.Values.FirstOrDefault(p => p.Name == name && p.DomainId == domainId);

    public DomainRecord? FindDomainByName(string name) =>
        Domains.Values.FirstOrDefault(d => d.Name == name);

    public RoleRecord? FindRoleByName(string name) =>
        Roles.Values.FirstOrDefault(r => r.Name == name && r.DomainId is null);

    /// <summary>The direct assignments of a user, and of the groups the user belongs to.</summary>
    public IReadOnlyList<RoleAssignmentRecord> AssignmentsOf(string userId) => Index().ForUser(userId);

    /// <summary>The groups a user belongs to.</summary>
    public IReadOnlyList<GroupRecord> GroupsOf(string userId) => Index().GroupsOf(userId);

    /// <summary>The roles a user holds on a project or a domain (direct, then implied), in a stable order.</summary>
    public IReadOnlyList<RoleRecord> EffectiveRoles(string userId, string? projectId, string? domainId)
    {
        var project = Projects.Find(projectId);
        var ids = AssignmentsOf(userId)
            .Where(a =>
                (projectId is not null && a.ProjectId == projectId && !a.Inherited) ||
                (domainId is not null && a.DomainId == domainId && !a.Inherited) ||
                (project is not null && a.DomainId == project.DomainId && a.Inherited))
            .Select(a => a.RoleId)
            .ToHashSet(StringComparer.Ordinal);
        return WithImplied(ids);
    }

    /// <summary>The roles named, plus every role they imply (transitively), in a stable order.</summary>
    public IReadOnlyList<RoleRecord> WithImplied(IEnumerable<string> roleIds)
    {
        var ids = roleIds.ToHashSet(StringComparer.Ordinal);
        var pending = new Queue<string>(ids);
        while (pending.TryDequeue(out var id))
        {
            foreach (var implied in Roles.Find(id)?.Implies ?? [])
            {
                if (ids.Add(implied))
                {
                    pending.Enqueue(implied);
                }
            }
        }

        return ids.Select(Roles.Find).OfType<RoleRecord>().OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The ids of the projects on which a user holds any role (directly, through a group, or inherited from the domain).</summary>
    public IReadOnlySet<string> ProjectIdsOf(string userId)
    {
        var assignments = AssignmentsOf(userId);
        var ids = assignments.Where(a => a.ProjectId is not null && !a.Inherited).Select(a => a.ProjectId!).ToHashSet(StringComparer.Ordinal);
        var inheritedDomains = assignments.Where(a => a.DomainId is not null && a.Inherited).Select(a => a.DomainId!).ToHashSet(StringComparer.Ordinal);
        if (inheritedDomains.Count > 0)
        {
            ids.UnionWith(Projects.Values.Where(p => inheritedDomains.Contains(p.DomainId)).Select(p => p.Id));
        }

        return ids;
    }

    /// <summary>The roles a token grants now: the user's roles on its scope, narrowed to an application credential's roles.</summary>
    public IReadOnlyList<RoleRecord> TokenRoles(TokenRecord record)
    {
        if (record.ProjectId is null && record.DomainId is null)
        {
            return [];
        }

        var roles = EffectiveRoles(record.UserId, record.ProjectId, record.DomainId);
        if (record.ApplicationCredentialId is null)
        {
            return roles;
        }

        var credential = ApplicationCredentials.Find(record.ApplicationCredentialId);
        if (credential is null)
        {
            return [];
        }

        var delegated = WithImplied(credential.RoleIds).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return roles.Where(r => delegated.Contains(r.Id)).ToList();
    }

    public void Assign(string roleId, string userId, string? projectId, string? domainId)
    {
        var assignment = new RoleAssignmentRecord(roleId, userId, null, projectId, domainId);
        Assignments.Put(assignment.Id, assignment);
        Changed();
    }

    private AssignmentIndex Index()
    {
        var generation = Generation;
        var index = _index;
        if (index is null || index.Generation != generation)
        {
            index = AssignmentIndex.Build(generation, Assignments.Values, Groups.Values);
            _index = index;
        }

        return index;
    }
}
