using System.Collections.Immutable;
using System.Text.Json;

namespace Nuvola.Engine.Applying;

/// <summary>
/// A resource as a driver receives it: every value resolved (no "known after apply" marker left).
/// <paramref name="Properties"/> is a JSON object in the resource type's own property names (HOT names for
/// OS::* types). <paramref name="Tags"/> always holds <see cref="EngineTags.Stack"/> and
/// <see cref="EngineTags.LogicalName"/>: a driver must attach them to the cloud object (tags, metadata or name)
/// so that <see cref="IResourceDriver.FindTaggedAsync"/> finds orphans after a crash.
/// </summary>
public sealed record ResourceSpec(
    string Stack,
    string LogicalName,
    string Type,
    JsonElement Properties,
    ImmutableDictionary<string, string> Tags);

/// <summary>What a driver knows of one cloud object after creating, updating or reading it.</summary>
/// <param name="PhysicalId">The cloud's id of the object.</param>
/// <param name="Attributes">A JSON object of the attributes `get_attr` can read (e.g. first_address, networks).</param>
/// <param name="Properties">
/// The properties as read back from the cloud, in the same names as <see cref="ResourceSpec.Properties"/>; the
/// planner compares them with recorded state to find drift. Properties the cloud cannot return may be left out.
/// </param>
public sealed record ResourceSnapshot(string PhysicalId, JsonElement Attributes, JsonElement Properties);

/// <summary>An object found in the cloud by its Nuvola tags (see <see cref="IResourceDriver.FindTaggedAsync"/>).</summary>
public sealed record TaggedResource(string LogicalName, string Type, string PhysicalId);

/// <summary>The tags the engine puts on every resource it creates.</summary>
public static class EngineTags
{
    /// <summary>The stack's name.</summary>
    public const string Stack = "nuvola-stack";

    /// <summary>The resource's logical name in the template.</summary>
    public const string LogicalName = "nuvola-resource";

    public static ImmutableDictionary<string, string> For(string stack, string logicalName) =>
        ImmutableDictionary<string, string>.Empty.Add(Stack, stack).Add(LogicalName, logicalName);
}
