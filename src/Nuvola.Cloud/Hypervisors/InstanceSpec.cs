namespace Nuvola.Cloud.Hypervisors;

/// <summary>
/// What an instance is built from: its identity, size, image (null when it boots from a volume), user data, addresses,
/// and its volumes (the root one with boot index 0 when it boots from a volume).
/// </summary>
public sealed record InstanceSpec(
    string InstanceId,
    string Name,
    string HostName,
    string? ImageId,
    int Vcpus,
    int RamMb,
    int DiskGb,
    string? UserData,
    string? KeyName,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<InstanceVolume>? Volumes = null);

/// <summary>A volume as a disk of an instance: the device it appears as and the file that holds its data.</summary>
public sealed record InstanceVolume(string VolumeId, string Device, string BackingFile, int? BootIndex = null);
