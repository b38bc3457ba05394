namespace Nuvola.Cloud.Identity;

/// <summary>
/// Role assignments and group memberships grouped by user, built once per <see cref="IdentityStore.Generation"/>
/// so that a user's roles are found without scanning every assignment.
/// </summary>
internal sealed class AssignmentIndex
{
    private readonly Dictionary<string, List<RoleAssignmentRecord>> _byUser;
    private readonly Dictionary<string, List<GroupRecord>> _groupsByUser;

    private AssignmentIndex(long generation, Dictionary<string, List<RoleAssignmentRecord>> byUser, Dictionary<string, List<GroupRecord>> groupsByUser)
    {
        Generation = generation;
        _byUser = byUser;
        _groupsByUser = groupsByUser;
    }

    public long Generation { get; }

    public static AssignmentIndex Build(long generation, IEnumerable<RoleAssignmentRecord> assignments, IEnumerable<GroupRecord> groups)
    {
        var groupsByUser = new Dictionary<string, List<GroupRecord>>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var userId in group.UserIds ?? [])
            {
                Add(groupsByUser, userId, group);
            }
        }

        var byUser = new Dictionary<string, List<RoleAssignmentRecord>>(StringComparer.Ordinal);
        var byGroup = new Dictionary<string, List<RoleAssignmentRecord>>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            if (assignment.UserId is not null)
            {
                Add(byUser, assignment.UserId, assignment);
            }
            else if (assignment.GroupId is not null)
            {
                Add(byGroup, assignment.GroupId, assignment);
            }
        }

        foreach (var (userId, memberOf) in groupsByUser)
        {
            foreach (var group in memberOf)
            {
                foreach (var assignment in byGroup.GetValueOrDefault(group.Id) ?? [])
                {
                    Add(byUser, userId, assignment);
                }
            }
        }

        return new AssignmentIndex(generation, byUser, groupsByUser);
    }

    public IReadOnlyList<RoleAssignmentRecord> ForUser(string userId) => _byUser.GetValueOrDefault(userId) ?? [];

    public IReadOnlyList<GroupRecord> GroupsOf(string userId) => _groupsByUser.GetValueOrDefault(userId) ?? [];

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(value);
    }
}
