using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Hypervisors;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Servers;

/// <summary>The state machine of server actions: allowed states, locks, hypervisor calls, and the action record.</summary>
public sealed partial class ServerService
{
    private static readonly string[] RunningStates = [VmStates.Active];

    public Task StopAsync(AuthContext caller, string id, string requestId) =>
        PowerAsync(caller, id, requestId, "stop", "compute_stop_instance", [VmStates.Active, VmStates.Error], VmStates.Stopped, PowerState.Shutdown, hypervisor.StopAsync);

    public Task StartAsync(AuthContext caller, string id, string requestId) =>
        PowerAsync(caller, id, requestId, "start", "compute_start_instance", [VmStates.Stopped], VmStates.Active, PowerState.Running, hypervisor.StartAsync);

    public Task PauseAsync(AuthContext caller, string id, string requestId) =>
        PowerAsync(caller, id, requestId, "pause", "compute_pause_instance", RunningStates, VmStates.Paused, PowerState.Paused, hypervisor.PauseAsync);

    public Task UnpauseAsync(AuthContext caller, string id, string requestId) =>
        PowerAsync(caller, id, requestId, "unpause", "compute_unpause_instance", [VmStates.Paused], VmStates.Active, PowerState.Running, hypervisor.UnpauseAsync);

    public Task SuspendAsync(AuthContext caller, string id, string requestId) =>
        PowerAsync(caller, id, requestId, "suspend", "compute_suspend_instance", RunningStates, VmStates.Suspended, PowerState.Suspended, hypervisor.SuspendAsync);

    public Task ResumeAsync(AuthContext caller, string id, string requestId) =>
        PowerAsync(caller, id, requestId, "resume", "compute_resume_instance", [VmStates.Suspended], VmStates.Active, PowerState.Running, hypervisor.ResumeAsync);

    public Task RebootAsync(AuthContext caller, string id, string requestId, bool hard) =>
        PowerAsync(
            caller,
            id,
            requestId,
            "reboot",
            "compute_reboot_instance",
            hard ? [VmStates.Active, VmStates.Stopped, VmStates.Paused, VmStates.Suspended, VmStates.Error] : RunningStates,
            VmStates.Active,
            PowerState.Running,
            (instance, token) => hypervisor.RebootAsync(instance, hard, token));

    public void Lock(AuthContext caller, string id, string requestId, string? reason)
    {
        var server = store.FindFor(caller, id);
        RequireOwnerWrite(caller, server);
        store.Update(id, s => s with { Locked = true, LockedReason = reason, LockedBy = caller.IsAdmin && s.ProjectId != caller.ProjectId ? "admin" : "owner", UpdatedAt = time.GetUtcNow() });
        RecordAction(caller, server, "lock", requestId, null, null);
    }

    public void Unlock(AuthContext caller, string id, string requestId)
    {
        var server = store.FindFor(caller, id);
        RequireOwnerWrite(caller, server);
        if (server.Locked && server.LockedBy == "admin" && !caller.IsAdmin)
        {
            throw ApiException.Forbidden("Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.");
        }

        store.Update(id, s => s with { Locked = false, LockedReason = null, LockedBy = null, UpdatedAt = time.GetUtcNow() });
        RecordAction(caller, server, "unlock", requestId, null, null);
    }

    /// <summary>Changes what a server is made of without a hypervisor call (resize and its confirmation, password, groups).</summary>
    public ServerRecord Change(AuthContext caller, string id, string requestId, string action, string[]? allowedStates, Func<ServerRecord, ServerRecord> change, string? eventName = null)
    {
        var server = store.FindFor(caller, id);
        RequireOwnerWrite(caller, server);
        RequireUnlocked(caller, server);
        if (allowedStates is not null)
        {
            RequireState(server, action, allowedStates);
        }

        var changed = store.Update(id, s => change(s) with { UpdatedAt = time.GetUtcNow() }) ?? throw ServerStore.NotFound(id);
        RecordAction(caller, server, action, requestId, eventName, eventName is null ? null : "Success");
        return changed;
    }

    /// <summary>Rebuilds a server from an image: BUILD-like REBUILD status until the hypervisor has booted it again.</summary>
    public ServerRecord Rebuild(AuthContext caller, string id, string requestId, Func<ServerRecord, ServerRecord> change)
    {
        var server = store.FindFor(caller, id);
        RequireOwnerWrite(caller, server);
        RequireUnlocked(caller, server);
        RequireState(server, "rebuild", [VmStates.Active, VmStates.Stopped, VmStates.Error]);
        var rebuilt = store.Update(id, s => change(s) with { VmState = VmStates.Active, TaskState = "rebuilding", UpdatedAt = time.GetUtcNow() })
            ?? throw ServerStore.NotFound(id);
        RecordAction(caller, server, "rebuild", requestId, "compute_rebuild_instance", null);
        _ = DriveBuildAsync(id, rebuild: true);
        return rebuilt;
    }

    public void RequireUnlocked(AuthContext caller, ServerRecord server)
    {
        if (server.Locked && !caller.IsAdmin)
        {
            throw ApiException.Conflict($"Instance {server.Id} is locked");
        }
    }

    public static void RequireOwnerWrite(AuthContext caller, ServerRecord server)
    {
        if (!caller.CanWrite)
        {
            throw ApiException.Forbidden("Policy doesn't allow this action to be performed on instance " + server.Id + ".");
        }
    }

    public static void RequireState(ServerRecord server, string action, string[] allowed)
    {
        if (!allowed.Contains(server.VmState))
        {
            throw ApiException.Conflict($"Cannot '{action}' instance {server.Id} while it is in vm_state {server.VmState}");
        }

        if (server.TaskState is { } task)
        {
            throw ApiException.Conflict($"Cannot '{action}' instance {server.Id} while it is in task_state {task}");
        }
    }

    public void RecordAction(AuthContext caller, ServerRecord server, string action, string requestId, string? eventName, string? result)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<InstanceActionEvent> events = eventName is null ? [] : [new InstanceActionEvent(eventName, now, result is null ? null : now, result)];
        store.Actions.Put(requestId, new InstanceActionRecord(requestId, server.Id, action, caller.UserId, server.ProjectId, now, now, events));
    }

    private async Task PowerAsync(
        AuthContext caller,
        string id,
        string requestId,
        string action,
        string eventName,
        string[] allowed,
        string targetState,
        PowerState power,
        Func<string, CancellationToken, Task> operation)
    {
        var server = store.FindFor(caller, id);
        RequireOwnerWrite(caller, server);
        RequireUnlocked(caller, server);
        RequireState(server, action, allowed);
        RecordAction(caller, server, action, requestId, eventName, null);
        string result;
        try
        {
            await operation(id, CancellationToken.None);
            store.Update(id, s => s with { VmState = targetState, TaskState = null, PowerState = (int)power, UpdatedAt = time.GetUtcNow() });
            result = "Success";
        }
        catch (HypervisorException failure)
        {
            var now = time.GetUtcNow();
            store.Update(id, s => s with { VmState = VmStates.Error, TaskState = null, UpdatedAt = now, Fault = new ServerFault(500, failure.Message, null, now) });
            result = "Error";
        }

        FinishEvent(requestId, result);
    }

    private void FinishLatestEvent(string serverId, string result)
    {
        var latest = store.Actions.Values
            .Where(a => a.InstanceId == serverId && a.Events.Any(e => e.FinishTime is null))
            .OrderByDescending(a => a.StartTime)
            .FirstOrDefault();
        if (latest is not null)
        {
            FinishEvent(latest.RequestId, result);
        }
    }

    /// <summary>Finishes the open events of an action (e.g. a volume attach completed later) with Success or Error.</summary>
    public void FinishEvent(string requestId, string result)
    {
        lock (store.Actions.Sync)
        {
            if (store.Actions.Find(requestId) is { } action)
            {
                var now = time.GetUtcNow();
                var events = action.Events.Select(e => e.FinishTime is null ? e with { FinishTime = now, Result = result } : e).ToList();
                store.Actions.Put(requestId, action with { Events = events, UpdatedAt = now });
            }
        }
    }
}
