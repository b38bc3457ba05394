using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.BlockStorage;

/// <summary>Volumes, snapshots, types and quotas, and their backing files under DATA_DIR/volumes.</summary>
public sealed class VolumeStore
{
    public const string DataFolder = "volumes";
    public const string AvailabilityZone = "nova";
    public const string DefaultTypeName = "__DEFAULT__";
    public const long GiB = 1024L * 1024 * 1024;

    private readonly string _dataDirectory;

    public VolumeStore(StateStore store, CloudOptions options, TimeProvider time)
    {
        Volumes = store.Collection<VolumeRecord>("volume.volumes");
        Snapshots = store.Collection<SnapshotRecord>("volume.snapshots");
        Types = store.Collection<VolumeTypeRecord>("volume.types");
        Quotas = store.Collection<VolumeQuotaRecord>("volume.quotas");
        Time = time;
        _dataDirectory = Path.Combine(options.DataDirectory, DataFolder);
        BlockStorageModule.EnsureDefaultType(this);
    }

    public Collection<VolumeRecord> Volumes { get; }

    public Collection<SnapshotRecord> Snapshots { get; }

    public Collection<VolumeTypeRecord> Types { get; }

    public Collection<VolumeQuotaRecord> Quotas { get; }

    public TimeProvider Time { get; }

    /// <summary>One lock for every compound change (quota checks, delete rules).</summary>
    public Lock Sync => Volumes.Sync;

    public static bool Sees(AuthContext caller, string projectId) => caller.IsAdmin || caller.ProjectId == projectId;

    public VolumeRecord RequireVolume(AuthContext caller, string id)
    {
        var volume = Volumes.Find(id);
        return volume is not null && Sees(caller, volume.ProjectId) ? volume : throw ApiException.NotFound($"Volume {id} could not be found.");
    }

    public SnapshotRecord RequireSnapshot(AuthContext caller, string id)
    {
        var snapshot = Snapshots.Find(id);
        return snapshot is not null && Sees(caller, snapshot.ProjectId) ? snapshot : throw ApiException.NotFound($"Snapshot {id} could not be found.");
    }

    /// <summary>A type by id or by name, private ones for admin only; 404 as Cinder words it.</summary>
    public VolumeTypeRecord RequireType(string idOrName, AuthContext caller) =>
        (Types.Find(idOrName) ?? Types.Values.FirstOrDefault(t => t.Name == idOrName)) is { } type && (type.IsPublic || caller.IsAdmin) ? type
        : throw ApiException.NotFound($"Volume type with name {idOrName} could not be found.");

    public VolumeTypeRecord DefaultType() => Types.Values.FirstOrDefault(t => t.Name == DefaultTypeName) ?? Types.Values.First();

    public VolumeQuotaRecord QuotaOf(string projectId) => Quotas.Find(projectId) ?? VolumeQuotaRecord.Default(projectId);

    public string VolumePath(string id) => Path.Combine(_dataDirectory, id + ".img");

    public string SnapshotPath(string id) => Path.Combine(_dataDirectory, "snapshot-" + id + ".img");

    /// <summary>A sparse file of size GiB: nothing is written, the length is set.</summary>
    public void CreateSparse(string path, int sizeGiB)
    {
        Directory.CreateDirectory(_dataDirectory);
        using var file = File.Create(path);
        file.SetLength(sizeGiB * GiB);
    }

    /// <summary>Copies a backing file (only its written ranges matter; copy then set the target length).</summary>
    public void CopyInto(string source, string target, int sizeGiB)
    {
        Directory.CreateDirectory(_dataDirectory);
        using var output = File.Create(target);
        if (File.Exists(source))
        {
            CopySparse(source, output);
        }

        output.SetLength(sizeGiB * GiB);
    }

    /// <summary>Writes data (e.g. an image) at the start of a new sparse file of size GiB.</summary>
    public void CreateFrom(string path, Stream data, int sizeGiB)
    {
        Directory.CreateDirectory(_dataDirectory);
        using var output = File.Create(path);
        data.CopyTo(output);
        output.SetLength(Math.Max(output.Length, sizeGiB * GiB));
    }

    public void Grow(string path, int sizeGiB)
    {
        using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write);
        file.SetLength(sizeGiB * GiB);
    }

    public static void DeleteFile(string path) => File.Delete(path);

    /// <summary>
    /// Deletes a volume (and with cascade its snapshots) and its file; Cinder's 400 when it is attached, reserved or busy,
    /// or has snapshots without cascade.
    /// </summary>
    public void DeleteVolume(string id, bool cascade)
    {
        lock (Sync)
        {
            var volume = Volumes.Find(id) ?? throw ApiException.NotFound($"Volume {id} could not be found.");
            if (volume.Status is not (VolumeStatus.Available or VolumeStatus.Error or "error_restoring" or "error_extending" or "error_managing")
                || volume.AttachStatusOf() == AttachStatus.Attached)
            {
                throw ApiException.BadRequest("Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.");
            }

            var snapshots = Snapshots.Values.Where(s => s.VolumeId == id).ToList();
            if (snapshots.Count > 0 && !cascade)
            {
                throw ApiException.BadRequest(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Invalid volume: Volume still has {snapshots.Count} dependent snapshots."));
            }

            foreach (var snapshot in snapshots)
            {
                Snapshots.Remove(snapshot.Id);
                DeleteFile(SnapshotPath(snapshot.Id));
            }

            Volumes.Remove(id);
        }

        DeleteFile(VolumePath(id));
    }

    /// <summary>Copies block by block, skipping all-zero blocks so that the copy stays sparse.</summary>
    private static void CopySparse(string source, FileStream output)
    {
        using var input = File.OpenRead(source);
        var buffer = new byte[1024 * 1024];
        long position = 0;
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0))
            {
                output.Position = position;
                output.Write(buffer, 0, read);
            }

            position += read;
        }
    }
}
