namespace Nuvola.Cloud.Hypervisors;

/// <summary>
/// A hypervisor that can pack an instance's disk into image data (Nova's snapshot), as the namespace one does; Compute
/// uses it for createImage when the hypervisor implements it, and a placeholder image otherwise (the fake one).
/// </summary>
public interface ISnapshotHypervisor
{
    /// <summary>The disk_format and container_format of the data <see cref="SnapshotAsync"/> writes.</summary>
    (string DiskFormat, string ContainerFormat) SnapshotFormat { get; }

    /// <summary>
    /// Streams the instance's root file system to <paramref name="write"/>; returns the image properties the data needs
    /// to boot again (added to the snapshot's). Throws <see cref="HypervisorException"/> when it cannot.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> SnapshotAsync(string instanceId, Func<Stream, Task> write, CancellationToken cancellationToken = default);
}
