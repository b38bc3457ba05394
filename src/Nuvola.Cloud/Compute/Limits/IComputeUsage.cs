namespace Nuvola.Cloud.Compute.Limits;

/// <summary>
/// What a project's servers use, for quotas and /limits. Implemented by the servers side of Compute
/// (register it as a singleton); without an implementation every project counts as using nothing.
/// </summary>
public interface IComputeUsage
{
    /// <summary>The project's servers (not deleted) and what their flavors add up to; its server groups.</summary>
    ComputeUsage UsageOf(string projectId);
}

/// <summary>Instances, vCPUs (cores), RAM in MiB, server groups.</summary>
public sealed record ComputeUsage(int Instances, int Cores, int Ram, int ServerGroups)
{
    public static readonly ComputeUsage None = new(0, 0, 0, 0);
}
