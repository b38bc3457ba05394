using System.Collections.Immutable;
using Nuvola.Engine.Planning;

namespace Nuvola.Engine.Applying;

/// <summary>
/// A cloud that recorded or planned resources live in cannot be used (not configured, credentials missing,
/// unreachable): the command stops before it changes any record. <see cref="Resources"/> are the logical names it
/// holds.
/// </summary>
public sealed class CloudUnavailableException : Exception
{
    public CloudUnavailableException()
    {
    }

    public CloudUnavailableException(string message)
        : base(message)
    {
    }

    public CloudUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CloudUnavailableException(string? cloud, IEnumerable<string> resources, string reason)
        : base(Describe(cloud, resources, reason))
    {
        Cloud = cloud;
        Resources = [.. resources];
        Reason = reason;
    }

    public string? Cloud { get; }

    public ImmutableArray<string> Resources { get; } = [];

    public string? Reason { get; }

    private static string Describe(string? cloud, IEnumerable<string> resources, string reason)
    {
        var names = resources.ToList();
        var shown = string.Join(", ", names.Take(10)) + (names.Count > 10 ? $" and {names.Count - 10} more" : string.Empty);
        return $"cloud '{cloud ?? "(none recorded)"}' cannot be used: {reason}. It holds {names.Count} resource" +
            $"{(names.Count == 1 ? string.Empty : "s")} of this stack ({shown}); configure it (a clouds.yaml entry named " +
            $"'{cloud}', or OS_CLOUD/OS_* variables) and run the command again. Nothing was changed.";
    }

    /// <summary>
    /// Checks every cloud that <paramref name="uses"/> (cloud, type, resource) need, once per cloud; the first
    /// that cannot be used is thrown with every resource it holds.
    /// </summary>
    public static async Task ThrowIfAnyUnavailableAsync(IDriverRegistry drivers,
        IEnumerable<(string? Cloud, string Type, string Resource)> uses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drivers);
        ArgumentNullException.ThrowIfNull(uses);
        var list = uses.ToList();
        var checkedClouds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (cloud, type, _) in list)
        {
            if (!checkedClouds.Add((cloud ?? string.Empty) + "\n" + type))
            {
                continue;
            }

            if (await drivers.CheckAsync(cloud, type, cancellationToken).ConfigureAwait(false) is { } reason)
            {
                throw new CloudUnavailableException(cloud,
                    list.Where(u => u.Cloud == cloud).Select(u => u.Resource).Distinct(StringComparer.Ordinal), reason);
            }
        }
    }

    /// <summary>The (cloud, type, resource) a plan's changes act on: desired cloud for creates and updates, recorded cloud for deletes and the old half of a replace.</summary>
    public static IEnumerable<(string? Cloud, string Type, string Resource)> UsesOf(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var c in plan.Changes)
        {
            switch (c.Action)
            {
                case ChangeAction.Create or ChangeAction.Update:
                    yield return (c.Cloud, c.Type, c.LogicalName);
                    break;
                case ChangeAction.Replace:
                    yield return (c.Cloud, c.Type, c.LogicalName);
                    yield return (c.PriorCloud, c.PriorType ?? c.Type, c.LogicalName);
                    break;
                case ChangeAction.Delete when c.PriorPhysicalId is not null:
                    yield return (c.PriorCloud, c.PriorType ?? c.Type, c.LogicalName);
                    break;
            }
        }
    }
}
