using System.Collections.Concurrent;
using Nuvola.Stacks;

namespace Nuvola.Cloud.Orchestration;

/// <summary>
/// Resources paused at a hook (pre-create, pre-update, pre-delete set in the environment): the engine waits on the
/// hook's task until a signal `{"unset_hook": "pre-create"}` to the resource clears it.
/// </summary>
public sealed class HookRegistry
{
    private readonly ConcurrentDictionary<(string Stack, string Resource, HookPoint Point), TaskCompletionSource> _pending = new();

    public static string Name(HookPoint point) => point switch
    {
        HookPoint.PreCreate => "pre-create",
        HookPoint.PreUpdate => "pre-update",
        _ => "pre-delete",
    };

    public static HookPoint? Parse(string? name) => name switch
    {
        "pre-create" => HookPoint.PreCreate,
        "pre-update" => HookPoint.PreUpdate,
        "pre-delete" => HookPoint.PreDelete,
        _ => null,
    };

    /// <summary>Pauses until the hook is cleared (or the operation is cancelled).</summary>
    public async ValueTask WaitAsync(string stackId, string resource, HookPoint point, CancellationToken cancellationToken)
    {
        var pending = _pending.GetOrAdd((stackId, resource, point), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(KeyValuePair.Create((stackId, resource, point), pending));
        }
    }

    public bool IsPending(string stackId, string resource, HookPoint point) => _pending.ContainsKey((stackId, resource, point));

    /// <summary>Clears a pending hook; false when the resource is not paused there.</summary>
    public bool Clear(string stackId, string resource, HookPoint point)
    {
        if (_pending.TryGetValue((stackId, resource, point), out var pending))
        {
            return pending.TrySetResult();
        }

        return false;
    }

    /// <summary>Releases every hook of a stack (its operation was cancelled or the stack deleted).</summary>
    public void ClearAll(string stackId)
    {
        foreach (var key in _pending.Keys.Where(k => k.Stack == stackId))
        {
            if (_pending.TryGetValue(key, out var pending))
            {
                pending.TrySetResult();
            }
        }
    }
}
