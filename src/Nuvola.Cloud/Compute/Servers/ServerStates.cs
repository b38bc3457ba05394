namespace Nuvola.Cloud.Compute.Servers;

/// <summary>Nova's vm_state values.</summary>
public static class VmStates
{
    public const string Building = "building";
    public const string Active = "active";
    public const string Stopped = "stopped";
    public const string Paused = "paused";
    public const string Suspended = "suspended";
    public const string Resized = "resized";
    public const string Error = "error";
    public const string Deleted = "deleted";
}

/// <summary>Nova's task_state values used here.</summary>
public static class TaskStates
{
    public const string Scheduling = "scheduling";
    public const string Spawning = "spawning";
    public const string Deleting = "deleting";
    public const string ImageSnapshot = "image_snapshot";
}

/// <summary>The API status of a server, from its vm_state and task_state, as Nova maps them.</summary>
public static class ServerStatus
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "ACTIVE", "BUILD", "DELETED", "ERROR", "HARD_REBOOT", "MIGRATING", "PASSWORD", "PAUSED", "REBOOT",
        "REBUILD", "RESCUE", "RESIZE", "REVERT_RESIZE", "SHELVED", "SHELVED_OFFLOADED", "SHUTOFF", "SOFT_DELETED",
        "SUSPENDED", "UNKNOWN", "VERIFY_RESIZE",
    };

    public static string Of(ServerRecord server) => server.VmState switch
    {
        VmStates.Building => "BUILD",
        VmStates.Active => server.TaskState switch
        {
            "rebooting" or "reboot_pending" or "reboot_started" => "REBOOT",
            "rebooting_hard" or "reboot_pending_hard" or "reboot_started_hard" => "HARD_REBOOT",
            "rebuilding" or "rebuild_block_device_mapping" or "rebuild_spawning" => "REBUILD",
            "resize_prep" or "resize_migrating" or "resize_migrated" or "resize_finish" => "RESIZE",
            "updating_password" => "PASSWORD",
            _ => "ACTIVE",
        },
        VmStates.Stopped => "SHUTOFF",
        VmStates.Paused => "PAUSED",
        VmStates.Suspended => "SUSPENDED",
        VmStates.Resized => server.TaskState == "resize_reverting" ? "REVERT_RESIZE" : "VERIFY_RESIZE",
        VmStates.Error => "ERROR",
        VmStates.Deleted => "DELETED",
        _ => "UNKNOWN",
    };

    /// <summary>Progress is shown for these statuses only.</summary>
    public static bool HasProgress(string status) => status is "ACTIVE" or "BUILD" or "REBUILD" or "RESIZE" or "VERIFY_RESIZE" or "MIGRATING";
}
