using System.Collections.Immutable;
using System.Text.Json;
using Nuvola.Engine.Planning;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Applying;

/// <summary>The resources applied so far in this run (and before it): what get_resource and get_attr read.</summary>
public interface IAppliedResources
{
    string Stack { get; }

    /// <summary>The current record of a resource, or null when it does not exist (yet).</summary>
    ResourceRecord? Get(string logicalName);
}

/// <summary>
/// Called just before a create, update or replace runs, once everything it depends on is applied: returns the
/// fully resolved spec. The template engine plugs in here to evaluate intrinsic functions against
/// <see cref="IAppliedResources"/>; <see cref="SpecResolvers.Markers"/> resolves the plan's
/// <see cref="KnownAfterApply"/> markers and is enough when the plan carries every other value.
/// </summary>
public delegate ValueTask<ResourceSpec> SpecResolver(PlannedChange change, IAppliedResources applied,
    CancellationToken cancellationToken);

public static class SpecResolvers
{
    /// <summary>Resolves markers: empty path → physical id, else the attribute at the path.</summary>
    public static SpecResolver Markers { get; } = (change, applied, _) =>
    {
        var properties = change.Properties ?? JsonSerializer.SerializeToElement(new Dictionary<string, object>());
        var missing = new List<string>();
        var resolved = KnownAfterApply.Resolve(properties, (resource, path) =>
        {
            var record = applied.Get(resource);
            JsonElement? value = record is null ? null
                : path.IsEmpty ? (record.PhysicalId is null ? null : JsonSerializer.SerializeToElement(record.PhysicalId))
                : KnownAfterApply.Navigate(record.Attributes, path);
            if (value is null)
            {
                missing.Add(path.IsEmpty ? $"get_resource {resource}" : $"get_attr {resource} {string.Join(' ', path)}");
            }

            return value;
        });
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Cannot resolve {string.Join(", ", missing)}: no such value after apply.");
        }

        return ValueTask.FromResult(new ResourceSpec(applied.Stack, change.LogicalName, change.Type, resolved,
            EngineTags.For(applied.Stack, change.LogicalName)));
    };
}
