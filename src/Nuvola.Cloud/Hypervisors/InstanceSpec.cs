namespace Nuvola.Cloud.Hypervisors;

/// <summary>What an instance is built from: its identity, size, image, user data and addresses.</summary>
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
    IReadOnlyList<string> Addresses);
