using Nuvola.Engine.State;

namespace Nuvola.Cloud.Orchestration;

/// <summary>A resource as Heat shows it: its action and status from its latest event, its physical id from state.</summary>
public sealed record HeatResource(
    string Name,
    string Type,
    string Action,
    string Status,
    string Reason,
    string? PhysicalId,
    IReadOnlyList<string> DependsOn,
    ResourceRecord? Record,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public string StackStatus => Action + "_" + Status;
}

/// <summary>An event as Heat shows it.</summary>
public sealed record HeatEvent(string Id, string ResourceName, string Type, string Action, string Status, string Reason, string? PhysicalId, DateTimeOffset Time)
{
    public string StackStatus => Action + "_" + Status;
}

/// <summary>
/// A stack's engine state seen through Heat: events (the engine's and the API's own, in one ordered stream),
/// resources (the template's, INIT_COMPLETE until the engine reaches them), outputs.
/// </summary>
public sealed class HeatView
{
    private HeatView(IReadOnlyList<HeatEvent> events, IReadOnlyList<HeatResource> resources)
    {
        Events = events;
        Resources = resources;
    }

    public IReadOnlyList<HeatEvent> Events { get; }

    /// <summary>Top-level resources first (the template's order), then those the engine expanded (nested, group members).</summary>
    public IReadOnlyList<HeatResource> Resources { get; }

    public static async Task<HeatView> LoadAsync(IStateStore state, HeatStackRecord stack, CancellationToken cancellationToken = default)
    {
        var events = new List<HeatEvent>();
        long? after = null;
        for (var page = 0; page < 1000; page++)
        {
            var result = await state.GetEventsAsync(stack.EngineKey, after, 500, cancellationToken).ConfigureAwait(false);
            foreach (var e in result.Events)
            {
                if (Map(stack, e) is { } mapped && Within(stack, mapped.ResourceName) is { } name)
                {
                    events.Add(mapped with { ResourceName = name });
                }
            }

            if (result.NextAfter is null)
            {
                break;
            }

            after = result.NextAfter;
        }

        var records = (await state.GetResourcesAsync(stack.EngineKey, cancellationToken).ConfigureAwait(false))
            .Where(r => r.Status != ResourceStatus.Deposed && Within(stack, r.LogicalName) is not null)
            .Select(r => r with { LogicalName = Within(stack, r.LogicalName)! })
            .ToDictionary(r => r.LogicalName, StringComparer.Ordinal);
        var resources = new List<HeatResource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var outline in stack.Resources)
        {
            seen.Add(outline.Name);
            resources.Add(Resource(stack, outline.Name, outline.Type, outline.DependsOn, records.GetValueOrDefault(outline.Name), events));
        }

        foreach (var record in records.Values.Where(r => !seen.Contains(r.LogicalName)).OrderBy(r => r.LogicalName, StringComparer.Ordinal))
        {
            resources.Add(Resource(stack, record.LogicalName, record.Type, [.. record.DependsOn], record, events));
        }

        return new HeatView(events, resources);
    }

    /// <summary>A name of the engine stack as seen from <paramref name="stack"/>: a nested stack sees its own resources without its prefix, and nothing else.</summary>
    private static string? Within(HeatStackRecord stack, string name) =>
        stack.NestedPrefix is not { } prefix ? name
        : name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length ? name[prefix.Length..]
        : null;

    private static HeatResource Resource(HeatStackRecord stack, string name, string type, IReadOnlyList<string> dependsOn, ResourceRecord? record, List<HeatEvent> events)
    {
        var mine = events.Where(e => e.ResourceName == name && e.Type != StackOperations.StackType).ToList();
        if (mine.Count == 0 && record is null && Aggregate(stack, name, type, dependsOn, events) is { } aggregate)
        {
            return aggregate;
        }

        var last = mine.LastOrDefault(e => !e.Reason.StartsWith("Hook ", StringComparison.Ordinal) && !e.Reason.Contains("paused until Hook", StringComparison.Ordinal));
        var created = mine.FirstOrDefault()?.Time;
        var updated = mine.LastOrDefault()?.Time;
        string action;
        string status;
        string reason;
        if (stack.Unhealthy.TryGetValue(name, out var unhealthy))
        {
            (action, status, reason) = ("CHECK", "FAILED", unhealthy);
        }
        else if (PendingHook(mine) is { } paused)
        {
            // Paused at a hook: Heat shows the status the resource had before (INIT_COMPLETE before its create).
            (action, status, reason) = (paused.Action, paused.Status, paused.Reason);
        }
        else if (last is not null)
        {
            (action, status, reason) = (last.Action, last.Status, last.Reason);
            if (record is null && last.Action == "DELETE" && last.Status == "COMPLETE")
            {
                (action, status) = ("INIT", "COMPLETE");
            }
        }
        else if (record is not null)
        {
            (action, status, reason) = record.Status == ResourceStatus.Failed ? ("CREATE", "FAILED", record.StatusReason ?? string.Empty) : ("CREATE", "COMPLETE", "state changed");
        }
        else
        {
            (action, status, reason) = ("INIT", "COMPLETE", string.Empty);
        }

        var physicalId = NestedStacks.Of(stack, name) is { } nested ? nested.Id : record?.PhysicalId;
        return new HeatResource(name, record?.Type ?? type, action, status, reason, physicalId, dependsOn, record, created, updated);
    }

    /// <summary>The latest "paused until Hook" event of a resource when no "Hook … is cleared" came after it.</summary>
    private static HeatEvent? PendingHook(List<HeatEvent> events)
    {
        for (var i = events.Count - 1; i >= 0; i--)
        {
            if (events[i].Reason.StartsWith("Hook ", StringComparison.Ordinal) && events[i].Reason.EndsWith(" is cleared", StringComparison.Ordinal))
            {
                return null;
            }

            if (events[i].Reason.Contains("paused until Hook", StringComparison.Ordinal))
            {
                return events[i];
            }
        }

        return null;
    }

    /// <summary>Where a resource stood before its current operation: its latest finished status (INIT_COMPLETE if none).</summary>
    public string SettledStatus(string name)
    {
        var done = Events.LastOrDefault(e => e.ResourceName == name && e.Type != StackOperations.StackType && e.Status != "IN_PROGRESS"
            && !e.Reason.Contains("Hook ", StringComparison.Ordinal));
        return done?.StackStatus ?? "INIT_COMPLETE";
    }

    /// <summary>
    /// A group or nested stack, which the engine expands into members named "name.member…": its status is its members'
    /// (failed if one failed, in progress while one is), its physical id a stable id of its own.
    /// </summary>
    private static HeatResource? Aggregate(HeatStackRecord stack, string name, string type, IReadOnlyList<string> dependsOn, List<HeatEvent> events)
    {
        var prefix = name + ".";
        var all = events.Where(e => e.ResourceName.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var members = all.Where(e => !e.Reason.Contains("Hook ", StringComparison.Ordinal)).ToList();

        // A member paused at a hook keeps the whole in progress (Heat's nested stack is still being created).
        var paused = all.GroupBy(e => e.ResourceName).Any(g => PendingHook(g.ToList()) is not null);
        if (members.Count == 0 && !paused)
        {
            return null;
        }

        var last = members.GroupBy(e => e.ResourceName).Select(g => g.Last()).ToList();
        var latest = members.Count > 0 ? members[^1] : all[^1];
        var status = last.Any(e => e.Status == "FAILED") ? "FAILED" : paused || last.Any(e => e.Status == "IN_PROGRESS") ? "IN_PROGRESS" : "COMPLETE";
        var action = latest.Action == "INIT" ? "CREATE" : latest.Action;
        if (members.Any(e => e.Action == "UPDATE") && action == "CREATE" && status == "COMPLETE")
        {
            action = "UPDATE";
        }

        var reason = status == "FAILED" ? last.First(e => e.Status == "FAILED").Reason : "state changed";
        var id = NestedStacks.Id(stack.Id, name);
        return new HeatResource(name, type, action, status, reason, id, dependsOn, null, all[0].Time, latest.Time);
    }

    /// <summary>An engine event as Heat's: the API's own events carry their Heat status; the engine's stack-level events are left out (the API writes Heat's).</summary>
    private static HeatEvent? Map(HeatStackRecord stack, EngineEvent e)
    {
        if (e.ResourceType == "stack" && e.LogicalName == stack.EngineKey)
        {
            return null;
        }

        string action;
        string status;
        if (e.RequestId is { } marker && marker.StartsWith(StackOperations.StatusMarker, StringComparison.Ordinal))
        {
            var heat = marker[StackOperations.StatusMarker.Length..];
            var split = heat.IndexOf('_', StringComparison.Ordinal);
            (action, status) = (heat[..split], heat[(split + 1)..]);
        }
        else
        {
            action = e.Action switch
            {
                // A replacement is a new resource to Heat: CREATE_IN_PROGRESS, then CREATE_COMPLETE.
                EventAction.Create or EventAction.Replace => "CREATE",
                EventAction.Update => "UPDATE",
                EventAction.Delete => "DELETE",
                EventAction.Adopt => "ADOPT",
                EventAction.Rollback => "ROLLBACK",
                _ => "CHECK",
            };
            status = e.Status switch
            {
                EventStatus.InProgress or EventStatus.Retrying => "IN_PROGRESS",
                EventStatus.Complete => "COMPLETE",
                EventStatus.Skipped => "COMPLETE",
                _ => "FAILED",
            };
            if (e.Status == EventStatus.Skipped)
            {
                action = "INIT";
            }
        }

        var reason = e.Reason ?? $"state changed";
        return new HeatEvent(e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.LogicalName, e.ResourceType, action, status, reason, e.PhysicalId, e.Time);
    }
}
