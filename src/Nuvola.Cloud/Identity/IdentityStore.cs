using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Identity;

/// <summary>Identity's objects and the look-ups the rest of the cloud needs (users by name, a user's roles on a scope).</summary>
public sealed class IdentityStore(StateStore store)
{
    public const string DefaultDomainId = "default";

    private long _generation;

    public Collection<DomainRecord> Domains { get; } = store.Collection<DomainRecord>("identity.domain");

    public Collection<ProjectRecord> Projects { get; } = store.Collection<ProjectRecord>("identity.project");

    public Collection<UserRecord> Users { get; } = store.Collection<UserRecord>("identity.user");

    public Collection<RoleRecord> Roles { get; } = store.Collection<RoleRecord>("identity.role");

    public Collection<RoleAssignmentRecord> Assignments { get; } = store.Collection<RoleAssignmentRecord>("identity.assignment");

    public Collection<TokenRecord> Tokens { get; } = store.Collection<TokenRecord>("identity.token");

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

    /// <summary>The roles a user holds on a project or a domain (direct, then implied), in a stable order.</summary>
    public IReadOnlyList<RoleRecord> EffectiveRoles(string userId, string? projectId, string? domainId)
    {
        var project = Projects.Find(projectId);
        var ids = Assignments.Values
            .Where(a => a.UserId == userId && (
                (projectId is not null && a.ProjectId == projectId && !a.Inherited) ||
                (domainId is not null && a.DomainId == domainId && !a.Inherited) ||
                (project is not null && a.DomainId == project.DomainId && a.Inherited)))
            .Select(a => a.RoleId)
            .ToHashSet(StringComparer.Ordinal);
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

    public void Assign(string roleId, string userId, string? projectId, string? domainId)
    {
        var assignment = new RoleAssignmentRecord(roleId, userId, null, projectId, domainId);
        Assignments.Put(assignment.Id, assignment);
        Changed();
    }
}
