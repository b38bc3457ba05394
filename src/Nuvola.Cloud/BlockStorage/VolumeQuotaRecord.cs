namespace Nuvola.Cloud.BlockStorage;

/// <summary>A project's Cinder quota limits (-1 = unlimited).</summary>
public sealed record VolumeQuotaRecord(string ProjectId, int Volumes, int Gigabytes, int Snapshots, int Backups, int BackupGigabytes, int PerVolumeGigabytes, int Groups)
{
    public static VolumeQuotaRecord Default(string projectId) => new(projectId, 10, 1000, 10, 10, 1000, -1, 10);
}
