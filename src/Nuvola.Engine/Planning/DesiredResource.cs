using System.Collections.Immutable;
using System.Text.Json;

namespace Nuvola.Engine.Planning;

/// <summary>
/// A resource as the template wants it, after parameters and conditions are applied. <paramref name="Properties"/>
/// is a JSON object; a value that depends on another resource's result is a <see cref="KnownAfterApply"/> marker.
/// <paramref name="DependsOn"/> holds every dependency, explicit (depends_on) and implicit (get_resource,
/// get_attr). <paramref name="SecretProperties"/> are top-level properties to encrypt in state and hide in plans
/// (values of hidden parameters, passwords). <paramref name="Cloud"/> is the target it lives in
/// (<see cref="Clouds.CloudTarget.Key"/>; null: the unnamed target of a single-cloud run).
/// </summary>
public sealed record DesiredResource(
    string LogicalName,
    string Type,
    JsonElement Properties,
    ImmutableArray<string> DependsOn,
    ImmutableArray<string> SecretProperties = default,
    string? Cloud = null)
{
    public ImmutableArray<string> SecretProperties { get; init; } =
        SecretProperties.IsDefault ? [] : SecretProperties;
}
