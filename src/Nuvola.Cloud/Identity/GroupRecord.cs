namespace Nuvola.Cloud.Identity;

/// <summary>A group of users in a domain; its members are kept as the set of user ids.</summary>
public sealed record GroupRecord(string Id, string Name, string DomainId, string? Description = null, IReadOnlyList<string>? UserIds = null);
