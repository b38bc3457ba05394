using System.Text.Json;
using Nuvola.Engine.State;

namespace Nuvola.Stacks;

public sealed partial class StackService
{
    /// <summary>
    /// A WaitConditionHandle takes the signal (SUCCESS by default; {"status": "FAILURE", "reason": …} fails its
    /// WaitCondition; "data" and "id" become the condition's data). A ScalingPolicy changes its group's capacity
    /// (change_in_capacity, exact_capacity, percent_change_in_capacity; clamped to min_size..max_size) and, when this
    /// service deployed the stack before, redeploys it in the background with the same source so that members are
    /// created or removed; otherwise the new capacity is used by the next deploy of the stack through this service.
    /// </summary>
    public async Task<bool> SignalAsync(string stack, string logicalName, JsonElement data,
        CancellationToken cancellationToken = default)
    {
        // A software deployment in progress has no record yet: its deployments are found by stack and resource.
        var store = _options.SoftwareDeployments;
        var waiting = store.Deployments.Where(d => d.Stack == stack && d.Resource == logicalName && d.Status == "IN_PROGRESS").ToList();
        if (waiting.Count > 0)
        {
            var now = DateTimeOffset.UtcNow;
            waiting.ForEach(d => store.Signal(d.Id, data.ValueKind == JsonValueKind.Undefined ? default : data.Clone(), now));
            return true;
        }

        var records = await _state.GetResourcesAsync(stack, cancellationToken).ConfigureAwait(false);
        var record = records.FirstOrDefault(r => r.LogicalName == logicalName);
        if (record?.PhysicalId is not { } id)
        {
            return false;
        }

        switch (record.Type)
        {
            case "OS::Heat::WaitConditionHandle":
                _signals.Signal(id, data.ValueKind == JsonValueKind.Undefined ? default : data.Clone());
                return true;
            case "OS::Heat::ScalingPolicy":
                return Scale(stack, record, records);
            case var type when Internal.DeploymentResources.IsDeployment(type):
                // A finished deployment takes the signal and ignores it, as Heat does.
                return true;
            default:
                return false;
        }
    }

    private bool Scale(string stack, ResourceRecord policy, IReadOnlyList<ResourceRecord> records)
    {
        var p = policy.Properties;
        var groupId = p.TryGetProperty("auto_scaling_group_id", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() : null;
        var group = records.FirstOrDefault(r => r.PhysicalId == groupId && r.Type == "OS::Heat::AutoScalingGroup");
        if (group is null)
        {
            return false;
        }

        long Read(JsonElement e, string name, long fallback) =>
            e.TryGetProperty(name, out var v) && v.TryGetDouble(out var d) ? (long)d : fallback;

        var current = _capacity.TryGetValue((stack, group.LogicalName), out var c) ? c : Read(group.Properties, "count", 0);
        var adjustment = p.TryGetProperty("scaling_adjustment", out var a) && a.TryGetDouble(out var ad) ? ad : 0;
        var type = p.TryGetProperty("adjustment_type", out var t) ? t.GetString() : "change_in_capacity";
        var next = type switch
        {
            "exact_capacity" => (long)adjustment,
            "percent_change_in_capacity" => current + PercentStep(current, adjustment, Read(p, "min_adjustment_step", 0)),
            _ => current + (long)adjustment,
        };
        next = Math.Max(next, Read(group.Properties, "min_size", 0));
        next = Math.Min(next, Read(group.Properties, "max_size", long.MaxValue));
        _capacity[(stack, group.LogicalName)] = next;
        if (next != current && _last.TryGetValue(stack, out var last))
        {
            _ = Task.Run(() => DeployAsync(stack, last.Source, last.Options));
        }

        return true;
    }

    private static long PercentStep(long current, double percent, long minStep)
    {
        var step = current * percent / 100;
        var rounded = (long)(step < 0 ? Math.Floor(step) : Math.Ceiling(step));
        return Math.Abs(rounded) < minStep ? Math.Sign(percent) * minStep : rounded;
    }
}
