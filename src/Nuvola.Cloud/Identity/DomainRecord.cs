namespace Nuvola.Cloud.Identity;

public sealed record DomainRecord(string Id, string Name, string Description, bool Enabled, IReadOnlyList<string>? Tags = null);
