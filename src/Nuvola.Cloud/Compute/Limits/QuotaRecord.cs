namespace Nuvola.Cloud.Compute.Limits;

/// <summary>A project's quota overrides (resource → limit, -1 unlimited); resources not set take the defaults.</summary>
public sealed record QuotaRecord(string ProjectId, IReadOnlyDictionary<string, int> Limits);
