namespace Nuvola.Cloud.Compute.Servers;

/// <summary>One server (Nova instance) as Compute keeps it. Status is derived from VmState and TaskState.</summary>
public sealed record ServerRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string ProjectId { get; init; }

    public required string UserId { get; init; }

    public string? ImageId { get; init; }

    public required FlavorSnapshot Flavor { get; init; }

    /// <summary>The flavor before a resize that awaits confirmation.</summary>
    public FlavorSnapshot? OldFlavor { get; init; }

    public string? KeyName { get; init; }

    public string? UserData { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> SecurityGroups { get; init; } = [];

    public string AvailabilityZone { get; init; } = "nova";

    public bool ConfigDrive { get; init; }

    public string DiskConfig { get; init; } = "MANUAL";

    public string AccessIPv4 { get; init; } = string.Empty;

    public string AccessIPv6 { get; init; } = string.Empty;

    public string? Description { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public bool Locked { get; init; }

    public string? LockedReason { get; init; }

    /// <summary>"admin" or "owner": who locked it (an owner cannot unlock an admin's lock).</summary>
    public string? LockedBy { get; init; }

    public string VmState { get; init; } = VmStates.Building;

    public string? TaskState { get; init; } = TaskStates.Scheduling;

    public int PowerState { get; init; }

    public ServerFault? Fault { get; init; }

    public required string HostName { get; init; }

    public required string Host { get; init; }

    public string ReservationId { get; init; } = string.Empty;

    public int LaunchIndex { get; init; }

    /// <summary>The networks and ports the create request asked for (Network keeps the resulting ports).</summary>
    public IReadOnlyList<ServerNetworkRequest> Networks { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? LaunchedAt { get; init; }
}

/// <summary>The flavor a server was built with, copied at create time (flavors may change or go later).</summary>
public sealed record FlavorSnapshot(string Id, string Name, int Ram, int Vcpus, int Disk, int Ephemeral, int Swap, IReadOnlyDictionary<string, string>? ExtraSpecs = null);

/// <summary>Why a server is in ERROR.</summary>
public sealed record ServerFault(int Code, string Message, string? Details, DateTimeOffset Created);

/// <summary>One entry of the create request's networks: a network (optionally a fixed IP) or a port.</summary>
public sealed record ServerNetworkRequest(string? NetworkId, string? PortId, string? FixedIp);
