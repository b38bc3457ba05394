namespace Nuvola.Cloud.Hosting;

/// <summary>The cloud's own record: which profile it was bootstrapped from, in which region, when.</summary>
public sealed record CloudMeta(string Profile, string Region, DateTimeOffset BootstrappedAt);
