namespace Nuvola.Cloud.Identity;

public sealed record RoleRecord(string Id, string Name, string? DomainId = null, string? Description = null, IReadOnlyList<string>? Implies = null);
