using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nuvola.Model.Diagnostics;

namespace Nuvola.Engine.Planning;

/// <summary>What a plan does to one resource.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeAction>))]
public enum ChangeAction
{
    NoOp,
    Create,
    Update,
    Replace,
    Delete,
}

/// <summary>
/// One property that differs. <paramref name="Before"/>/<paramref name="After"/> are absent when the property is
/// added/removed, and shown as "(sensitive)" for secrets. <paramref name="KnownAfterApply"/>: the new value
/// depends on a resource not yet applied. <paramref name="ForcesReplace"/>: the type cannot change it in place.
/// </summary>
public sealed record PropertyChange(
    string Name,
    JsonElement? Before,
    JsonElement? After,
    bool KnownAfterApply,
    bool ForcesReplace);

/// <summary>
/// The plan for one resource, with the reason in words and the changed properties.
/// <paramref name="Properties"/>: the desired properties (markers left for values known after apply; absent for
/// deletes). <paramref name="DependsOn"/>: desired dependencies; <paramref name="PriorDependsOn"/>: recorded
/// ones (used to delete things after what depended on them). <paramref name="Strategy"/> is set for a replace.
/// <paramref name="Cloud"/>: the target the resource is created or kept in (for a delete, where it was);
/// <paramref name="PriorCloud"/>: where the recorded object lives (deletes and the old half of a replace act there).
/// </summary>
public sealed record PlannedChange(
    string LogicalName,
    string Type,
    ChangeAction Action,
    string Reason,
    ImmutableArray<PropertyChange> PropertyChanges,
    ImmutableArray<string> DependsOn,
    ImmutableArray<string> PriorDependsOn,
    JsonElement? Properties = null,
    ImmutableArray<string> SecretProperties = default,
    ReplaceStrategy? Strategy = null,
    string? PriorType = null,
    string? PriorPhysicalId = null,
    bool Drifted = false,
    string? Cloud = null,
    string? PriorCloud = null)
{
    public ImmutableArray<string> SecretProperties { get; init; } =
        SecretProperties.IsDefault ? [] : SecretProperties;
}

/// <summary>
/// An immutable, serialisable plan: what will change in a stack and why, made against state version
/// <paramref name="StateVersion"/>. Apply refuses a plan with errors or one made against an older state.
/// Changes are listed in the order they can run: creates/updates/replaces in dependency order, then deletes in
/// reverse dependency order.
/// </summary>
public sealed record Plan(
    string Id,
    string Stack,
    long StateVersion,
    DateTimeOffset CreatedAt,
    ImmutableArray<PlannedChange> Changes,
    ImmutableArray<Diagnostic> Diagnostics)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [JsonIgnore]
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>True when nothing changes.</summary>
    [JsonIgnore]
    public bool IsEmpty => Changes.All(c => c.Action == ChangeAction.NoOp);

    /// <summary>How many changes of each action (for a summary line: "2 to create, 1 to replace").</summary>
    public ImmutableDictionary<ChangeAction, int> Counts() =>
        Changes.GroupBy(c => c.Action).ToImmutableDictionary(g => g.Key, g => g.Count());

    public PlannedChange? Find(string logicalName) => Changes.FirstOrDefault(c => c.LogicalName == logicalName);

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static Plan FromJson(string json) =>
        JsonSerializer.Deserialize<Plan>(json, Options) ?? throw new JsonException("Not a plan.");
}
