using System.Globalization;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>Cinder's quota checks and usage: refusals are 413 overLimit with Cinder's exception text. Callers hold the store's lock.</summary>
public static class VolumeQuotas
{
    public static (int Volumes, int Gigabytes, int Snapshots) Usage(VolumeStore store, string projectId)
    {
        var volumes = store.Volumes.Values.Where(v => v.ProjectId == projectId).ToList();
        var snapshots = store.Snapshots.Values.Where(s => s.ProjectId == projectId).ToList();
        return (volumes.Count, volumes.Sum(v => v.Size) + snapshots.Sum(s => s.Size), snapshots.Count);
    }

    public static void CheckVolume(VolumeStore store, string projectId, int gigabytes, int extraCount)
    {
        var quota = store.QuotaOf(projectId);
        var usage = Usage(store, projectId);
        if (quota.Volumes >= 0 && usage.Volumes + extraCount > quota.Volumes)
        {
            throw new ApiException(413, Invariant($"VolumeLimitExceeded: Maximum number of volumes allowed ({quota.Volumes}) exceeded for quota 'volumes'."));
        }

        CheckGigabytes(quota, usage.Gigabytes, gigabytes);
    }

    public static void CheckSnapshot(VolumeStore store, string projectId, int gigabytes)
    {
        var quota = store.QuotaOf(projectId);
        var usage = Usage(store, projectId);
        if (quota.Snapshots >= 0 && usage.Snapshots + 1 > quota.Snapshots)
        {
            throw new ApiException(413, Invariant($"SnapshotLimitExceeded: Maximum number of snapshots allowed ({quota.Snapshots}) exceeded for quota 'snapshots'."));
        }

        CheckGigabytes(quota, usage.Gigabytes, gigabytes);
    }

    public static void CheckGigabytes(VolumeQuotaRecord quota, int used, int requested)
    {
        if (quota.Gigabytes >= 0 && used + requested > quota.Gigabytes)
        {
            throw new ApiException(413, Invariant($"VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested {requested}G, quota is {quota.Gigabytes}G and {used}G has been consumed."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
