using System.Collections.Immutable;
using System.Text.Json;
using Nuvola.Engine.Graph;
using Nuvola.Engine.State;
using Nuvola.Model.Diagnostics;

namespace Nuvola.Engine.Planning;

/// <summary>
/// Compares desired resources with recorded state (and, when given, with the cloud's real objects) and yields a
/// <see cref="Plan"/>. Pure: no I/O. A property change is applied in place when the type's schema allows it;
/// otherwise the resource is replaced and the plan names the properties that force it.
/// </summary>
public sealed class Planner(TimeProvider? timeProvider = null)
{
    private static readonly JsonElement Sensitive = JsonSerializer.SerializeToElement("(sensitive)");
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public Plan Create(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var desired = new Dictionary<string, DesiredResource>(StringComparer.Ordinal);
        foreach (var d in request.Desired)
        {
            if (!desired.TryAdd(d.LogicalName, d))
            {
                diagnostics.Add(new Diagnostic(Severity.Error, PlanCodes.DuplicateResource,
                    $"Resource '{d.LogicalName}' is declared twice."));
            }
        }

        var recorded = request.Recorded.ToDictionary(r => r.LogicalName, StringComparer.Ordinal);
        var dag = Dag<string>.Create(desired.Keys, desired.Values.SelectMany(d => d.DependsOn.Select(x => (d.LogicalName, x))),
            StringComparer.Ordinal);
        foreach (var (node, dependency) in dag.UnknownDependencies)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, PlanCodes.UnknownDependency,
                $"Resource '{node}' depends on '{dependency}', which is not a resource of the stack."));
        }

        var sorted = dag.TopologicalSort();
        foreach (var cycle in sorted.Cycles)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, PlanCodes.DependencyCycle,
                $"Resources depend on each other in a cycle: {cycle}.",
                Hint: "remove one depends_on, get_resource or get_attr on the cycle"));
        }

        var changes = ImmutableArray.CreateBuilder<PlannedChange>();
        var actions = new Dictionary<string, PlannedChange>(StringComparer.Ordinal);
        foreach (var name in sorted.Order)
        {
            var change = PlanOne(desired[name], recorded.GetValueOrDefault(name), actions, recorded, request);
            actions[name] = change;
            changes.Add(change);
        }

        changes.AddRange(PlanDeletes(request, desired, recorded));
        return new Plan(Guid.NewGuid().ToString("N"), request.Stack, request.StateVersion, _time.GetUtcNow(),
            changes.ToImmutable(), diagnostics.ToImmutable());
    }

    private static IEnumerable<PlannedChange> PlanDeletes(PlanRequest request,
        Dictionary<string, DesiredResource> desired, Dictionary<string, ResourceRecord> recorded)
    {
        var gone = request.Recorded.Where(r => !desired.ContainsKey(r.LogicalName)).Select(r => r.LogicalName).ToList();
        var dag = Dag<string>.Create(gone,
            gone.SelectMany(g => recorded[g].DependsOn.Select(d => (g, d))), StringComparer.Ordinal);
        var order = dag.ReverseTopologicalSort();
        // A cycle among recorded resources cannot come from a valid apply; delete those last, in name order.
        var rest = gone.Except(order.Order, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in order.Order.Concat(rest))
        {
            var r = recorded[name];
            yield return new PlannedChange(name, r.Type, ChangeAction.Delete,
                r.Status == ResourceStatus.Deposed ? "left over from an earlier replace (deposed)" : "no longer in the template",
                [], [], r.DependsOn, PriorType: r.Type, PriorPhysicalId: r.PhysicalId, Cloud: r.Cloud, PriorCloud: r.Cloud);
        }
    }

    private static PlannedChange PlanOne(DesiredResource want, ResourceRecord? have,
        Dictionary<string, PlannedChange> decided, Dictionary<string, ResourceRecord> recorded, PlanRequest request)
    {
        var schemas = request.Schemas;
        var after = KnownAfterApply.Resolve(want.Properties, (resource, path) =>
            Lookup(resource, path, decided, recorded));
        PlannedChange Make(ChangeAction action, string reason, ImmutableArray<PropertyChange> props = default,
            bool drifted = false) =>
            new(want.LogicalName, want.Type, action, reason, props.IsDefault ? [] : props, want.DependsOn,
                have?.DependsOn ?? [], after, want.SecretProperties,
                action == ChangeAction.Replace ? schemas.GetReplaceStrategy(want.Type) : null,
                have?.Type, have?.PhysicalId, drifted, want.Cloud, have?.Cloud);

        if (have is null || have.PhysicalId is null)
        {
            return Make(ChangeAction.Create, have is null ? "not in state" : "its earlier create did not finish");
        }

        var before = have.Properties;
        var drifted = false;
        if (request.Cloud is { } cloud && cloud.TryGetValue(want.LogicalName, out var real))
        {
            if (real is null)
            {
                return Make(ChangeAction.Create,
                    $"{have.Type} {have.PhysicalId} was deleted outside Nuvola (drift)", drifted: true);
            }

            (before, drifted) = Overlay(have.Properties, real.Properties);
        }

        if (!string.Equals(have.Cloud, want.Cloud, StringComparison.Ordinal))
        {
            return Make(ChangeAction.Replace, $"moves from cloud {have.Cloud ?? "(unknown)"} to cloud {want.Cloud ?? "(unknown)"}",
                Diff(want, before, after, schemas));
        }

        if (!string.Equals(have.Type, want.Type, StringComparison.Ordinal))
        {
            return Make(ChangeAction.Replace, $"type changes from {have.Type} to {want.Type}",
                Diff(want, before, after, schemas));
        }

        var diff = Diff(want, before, after, schemas);
        var driftNote = drifted ? " (the cloud's object differs from state: drift)" : string.Empty;
        if (have.Status == ResourceStatus.Failed)
        {
            return Make(ChangeAction.Replace, $"its last operation failed: {have.StatusReason ?? "unknown error"}", diff, drifted);
        }

        if (diff.IsEmpty)
        {
            return Make(ChangeAction.NoOp, "no change", diff, drifted);
        }

        var forcing = diff.Where(p => p.ForcesReplace).Select(p => p.Name).ToList();
        if (forcing.Count > 0)
        {
            return Make(ChangeAction.Replace,
                $"{Describe(forcing)} cannot be updated in place for {want.Type} (not update_allowed){driftNote}",
                diff, drifted);
        }

        var unknown = diff.Where(p => p.KnownAfterApply).Select(p => p.Name).ToList();
        var reason = $"{Describe(diff.Select(p => p.Name).ToList())} changed in place" +
            (unknown.Count > 0 ? $"; {Describe(unknown)} known after apply" : string.Empty) + driftNote;
        return Make(ChangeAction.Update, reason, diff, drifted);
    }

    private static string Describe(IReadOnlyList<string> names) =>
        (names.Count == 1 ? "property " : "properties ") + string.Join(", ", names);

    private static ImmutableArray<PropertyChange> Diff(DesiredResource want, JsonElement before, JsonElement after,
        IResourceTypeSchemas schemas)
    {
        var b = Members(before);
        var a = Members(after);
        var secret = want.SecretProperties.ToHashSet(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<PropertyChange>();
        foreach (var name in b.Keys.Union(a.Keys).Order(StringComparer.Ordinal))
        {
            var hasB = b.TryGetValue(name, out var vb);
            var hasA = a.TryGetValue(name, out var va);
            var unknown = hasA && KnownAfterApply.Contains(va);
            if (hasA && hasB && !unknown && JsonElement.DeepEquals(va, vb))
            {
                continue;
            }

            var hide = secret.Contains(name);
            result.Add(new PropertyChange(name,
                hasB ? (hide ? Sensitive : vb) : null,
                hasA ? (hide ? Sensitive : va) : null,
                unknown,
                !schemas.IsUpdatable(want.Type, name)));
        }

        return result.ToImmutable();
    }

    private static Dictionary<string, JsonElement> Members(JsonElement obj) =>
        obj.ValueKind == JsonValueKind.Object
            ? obj.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
            : [];

    // The recorded properties with every one the cloud reports replaced by the cloud's value.
    /// <summary>
    /// <paramref name="recorded"/>'s properties with the cloud's values where <paramref name="real"/> has them (a
    /// property the cloud cannot return keeps its recorded value), and whether any differs.
    /// </summary>
    internal static (JsonElement Value, bool Drifted) Overlay(JsonElement recorded, JsonElement real)
    {
        var mine = Members(recorded);
        var theirs = Members(real);
        var drifted = false;
        var merged = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in mine)
        {
            if (theirs.TryGetValue(name, out var actual) && !JsonElement.DeepEquals(actual, value))
            {
                merged[name] = actual;
                drifted = true;
            }
            else
            {
                merged[name] = value;
            }
        }

        return (JsonSerializer.SerializeToElement(merged), drifted);
    }

    // A marker's value as far as the plan can know it: from state when the resource it names is not recreated and
    // the attribute is not one of the properties being changed.
    private static JsonElement? Lookup(string resource, ImmutableArray<string> path,
        Dictionary<string, PlannedChange> decided, Dictionary<string, ResourceRecord> recorded)
    {
        if (!decided.TryGetValue(resource, out var change) || !recorded.TryGetValue(resource, out var record) ||
            change.Action is ChangeAction.Create or ChangeAction.Replace or ChangeAction.Delete)
        {
            return null;
        }

        if (path.IsEmpty)
        {
            return record.PhysicalId is null ? null : JsonSerializer.SerializeToElement(record.PhysicalId);
        }

        if (change.Action == ChangeAction.Update && change.PropertyChanges.Any(p => p.Name == path[0]))
        {
            return null;
        }

        return KnownAfterApply.Navigate(record.Attributes, path);
    }
}
