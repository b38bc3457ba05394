namespace Nuvola.Cloud.Identity;

/// <summary>A role given to a user (or group) on a project or a domain. The id is derived from the four parts.</summary>
public sealed record RoleAssignmentRecord(string RoleId, string? UserId, string? GroupId, string? ProjectId, string? DomainId, bool Inherited = false)
{
    public string Id => string.Join(':', UserId ?? "-", GroupId ?? "-", ProjectId ?? "-", DomainId ?? "-", RoleId, Inherited ? "i" : "d");
}
