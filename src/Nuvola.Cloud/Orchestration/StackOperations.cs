using System.Collections.Concurrent;
using Nuvola.Cloud.Hosting;
using Nuvola.Engine.State;
using Nuvola.Stacks;

namespace Nuvola.Cloud.Orchestration;

/// <summary>
/// Runs stack operations in the background (create answers at once with CREATE_IN_PROGRESS): one operation per stack
/// at a time, the engine called with the caller's token, Heat's action and status kept on the stack's record and
/// written as stack events. A deleted stack's record is removed when its delete completes.
/// </summary>
public sealed partial class StackOperations(
    HeatStore store,
    IServiceProvider services,
    HookRegistry hooks,
    TimeProvider time,
    ILogger<StackOperations> logger)
{
    public const string StackType = "OS::Heat::Stack";

    /// <summary>Marks events the Heat API writes itself; the rest of the request id field is Heat's resource status.</summary>
    public const string StatusMarker = "heat:";

    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _cancelled = new(StringComparer.Ordinal);

    /// <summary>The engine, or a 409 explaining that this cloud runs without one.</summary>
    public IOrchestrationEngine Engine =>
        services.GetService<IOrchestrationEngine>() ?? throw ApiException.Conflict("The orchestration engine is not available in this cloud.");

    public bool HasEngine => services.GetService<IOrchestrationEngine>() is not null;

    public bool IsRunning(string stackId) => _running.ContainsKey(stackId);

    /// <summary>Waits for the stack's operation to end (tests and shutdown); returns at once when none runs.</summary>
    public Task WhenIdleAsync(string stackId) => _running.TryGetValue(stackId, out var running) ? running.Task : Task.CompletedTask;

    /// <summary>Cancels the stack's running operation and waits for it to stop.</summary>
    public async Task CancelAsync(string stackId)
    {
        if (_running.TryGetValue(stackId, out var running))
        {
            _cancelled[stackId] = true;
            try
            {
                await running.Cancel.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // It ended meanwhile.
            }

            hooks.ClearAll(stackId);
            try
            {
                await running.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>
    /// Records <paramref name="record"/> as ACTION_IN_PROGRESS and runs <paramref name="work"/> in the background.
    /// 409 when another operation runs on the stack.
    /// </summary>
    public async Task<HeatStackRecord> StartAsync(
        HeatStackRecord record,
        string action,
        string token,
        Func<IStackService, DeployOptions, CancellationToken, Task<StackDeployResult>> work)
    {
        var engine = Engine;
        var cancel = new CancellationTokenSource();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new Running(cancel, gate.Task);
        if (!_running.TryAdd(record.Id, running))
        {
            cancel.Dispose();
            throw ApiException.Conflict($"Stack {record.Name} already has an action ({record.Action}) in progress.", "ActionInProgress");
        }

        var now = time.GetUtcNow();
        var started = record with
        {
            Action = action,
            Status = "IN_PROGRESS",
            StatusReason = $"Stack {action} started",
            UpdatedAt = action == "CREATE" ? record.UpdatedAt : now,
        };
        try
        {
            store.Stacks.Put(record.Id, started);
            await AppendStackEventAsync(engine, started, "IN_PROGRESS", started.StatusReason).ConfigureAwait(false);
        }
        catch
        {
            _running.TryRemove(record.Id, out _);
            cancel.Dispose();
            gate.TrySetResult();
            throw;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RunAsync(engine, started, token, work, cancel).ConfigureAwait(false);
            }
            finally
            {
                _running.TryRemove(record.Id, out _);
                cancel.Dispose();
                gate.TrySetResult();
            }
        });
        return started;
    }

    private async Task RunAsync(
        IOrchestrationEngine engine,
        HeatStackRecord record,
        string token,
        Func<IStackService, DeployOptions, CancellationToken, Task<StackDeployResult>> work,
        CancellationTokenSource cancel)
    {
        if (record.TimeoutMinutes is { } minutes and > 0)
        {
            cancel.CancelAfter(TimeSpan.FromMinutes(minutes));
        }

        var options = new DeployOptions
        {
            Rollback = !record.DisableRollback,
            TimeProvider = time,
            OnHook = (resource, point, ct) => PauseAtHookAsync(engine, record, resource, point, ct),
        };
        string status;
        string reason;
        var action = record.Action;
        try
        {
            var result = await work(engine.ForStack(record.EngineKey, token), options, cancel.Token).ConfigureAwait(false);
            (action, status, reason) = Outcome(record.Action, result);
        }
        catch (OperationCanceledException)
        {
            status = "FAILED";
            reason = _cancelled.TryRemove(record.Id, out _) ? $"Stack {record.Action} cancelled" : "Timed out";
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogFailed(logger, record.Action, record.Name, exception);
            status = "FAILED";
            reason = $"{exception.GetType().Name}: {exception.Message}";
        }

        var current = store.Stacks.Find(record.Id) ?? record;
        var finished = current with { Action = action, Status = status, StatusReason = reason };
        if (action == "DELETE" && status == "COMPLETE")
        {
            store.Stacks.Remove(record.Id);
            engine.Forget(record.EngineKey);
            foreach (var child in store.Stacks.Values.Where(s => s.ParentId == record.Id).ToList())
            {
                store.Stacks.Remove(child.Id);
            }

            return;
        }

        store.Stacks.Put(record.Id, finished);
        await AppendStackEventAsync(engine, finished, status, reason).ConfigureAwait(false);
    }

    private static (string Action, string Status, string Reason) Outcome(string action, StackDeployResult result)
    {
        var errors = result.Diagnostics.Where(d => d.Severity == Model.Diagnostics.Severity.Error).Select(d => d.Message).ToList();
        if (errors.Count > 0)
        {
            return (action, "FAILED", string.Join("; ", errors));
        }

        if (result.Apply is not { } apply)
        {
            return (action, "COMPLETE", $"Stack {action} completed successfully");
        }

        if (apply.RolledBack)
        {
            var why = string.Join("; ", apply.Failures.Select(f => $"Resource {action} failed: {f.Message}"));
            return ("ROLLBACK", apply.Status == StackStatus.Complete ? "COMPLETE" : "FAILED", why.Length > 0 ? why : "Stack rolled back");
        }

        if (result.Succeeded)
        {
            return (action, "COMPLETE", $"Stack {action} completed successfully");
        }

        var failures = apply.Failures.Select(f => $"Resource {action} failed: {f.Message}").ToList();
        return (action, "FAILED", failures.Count > 0 ? string.Join("; ", failures) : apply.Cancelled ? $"Stack {action} cancelled" : $"Stack {action} failed");
    }

    /// <summary>
    /// Suspend, resume and check as stack-level transitions (events ACTION_IN_PROGRESS then ACTION_COMPLETE): the
    /// resources themselves are not suspended.
    /// </summary>
    public async Task MarkAsync(HeatStackRecord stack, string action)
    {
        var engine = Engine;
        var started = stack with { Action = action, Status = "IN_PROGRESS", StatusReason = $"Stack {action} started" };
        store.Stacks.Put(stack.Id, started);
        await AppendStackEventAsync(engine, started, "IN_PROGRESS", started.StatusReason).ConfigureAwait(false);
        var done = started with { Status = "COMPLETE", StatusReason = $"Stack {action} completed successfully" };
        store.Stacks.Put(stack.Id, done);
        await AppendStackEventAsync(engine, done, "COMPLETE", done.StatusReason).ConfigureAwait(false);
    }

    private async ValueTask PauseAtHookAsync(IOrchestrationEngine engine, HeatStackRecord record, string resource, HookPoint point, CancellationToken cancellationToken)
    {
        var hook = HookRegistry.Name(point);
        var action = point switch { HookPoint.PreCreate => "CREATE", HookPoint.PreUpdate => "UPDATE", _ => "DELETE" };
        var status = point == HookPoint.PreCreate ? "INIT_COMPLETE" : await CurrentStatusAsync(engine, record, resource).ConfigureAwait(false);
        var wait = hooks.WaitAsync(record.Id, resource, point, cancellationToken);
        await AppendAsync(engine, record, resource, TypeOf(record, resource), status, $"{action} paused until Hook {hook} is cleared").ConfigureAwait(false);
        await wait.ConfigureAwait(false);
    }

    /// <summary>Clears a hook the resource waits at, writing Heat's "Hook … is cleared" event; false when it does not wait there.</summary>
    /// <remarks>A nested stack's resource waits under its root stack's id and its full name ("nested.resource").</remarks>
    public async Task<bool> ClearHookAsync(HeatStackRecord record, string resource, HookPoint point)
    {
        var root = record.RootId ?? record.Id;
        var full = (record.NestedPrefix ?? string.Empty) + resource;
        if (!hooks.IsPending(root, full, point))
        {
            return false;
        }

        var engine = Engine;
        var status = point == HookPoint.PreCreate ? "INIT_COMPLETE" : await CurrentStatusAsync(engine, record, resource).ConfigureAwait(false);
        await AppendAsync(engine, record, full, TypeOf(record, resource), status, $"Hook {HookRegistry.Name(point)} is cleared").ConfigureAwait(false);
        return hooks.Clear(root, full, point);
    }

    private static async Task<string> CurrentStatusAsync(IOrchestrationEngine engine, HeatStackRecord record, string resource)
    {
        var view = await HeatView.LoadAsync(engine.State, record).ConfigureAwait(false);
        return view.SettledStatus(resource);
    }

    // The type the template gives a resource (a nested stack's resource: "nested.name" from the root, "name" from the nested stack).
    private static string TypeOf(HeatStackRecord record, string resource)
    {
        if (record.Resources.FirstOrDefault(r => r.Name == resource) is { } own)
        {
            return own.Type;
        }

        var full = (record.NestedPrefix ?? string.Empty) + resource;
        var nested = record.Nested.Where(n => full.StartsWith(n.NestedPrefix!, StringComparison.Ordinal)).MaxBy(n => n.NestedPrefix!.Length);
        return nested?.Resources.FirstOrDefault(r => r.Name == full[nested.NestedPrefix!.Length..])?.Type ?? "OS::Heat::None";
    }

    private Task AppendStackEventAsync(IOrchestrationEngine engine, HeatStackRecord record, string status, string reason) =>
        AppendAsync(engine, record, record.Name, StackType, record.Action + "_" + status, reason);

    private async Task AppendAsync(IOrchestrationEngine engine, HeatStackRecord record, string name, string type, string heatStatus, string reason)
    {
        var action = heatStatus.StartsWith("DELETE", StringComparison.Ordinal) ? EventAction.Delete : EventAction.Create;
        await engine.State.AppendEventAsync(new EngineEvent(0, record.EngineKey, name, type, action, EventStatus.Complete, reason,
            time.GetUtcNow(), StatusMarker + heatStatus, null)).ConfigureAwait(false);
    }

    private sealed record Running(CancellationTokenSource Cancel, Task Task);

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Stack {Action} of {Stack} failed")]
    private static partial void LogFailed(ILogger logger, string action, string stack, Exception exception);
}
