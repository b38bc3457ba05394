using System.Text.Json;

namespace Nuvola.Stacks.Deployments;

/// <summary>
/// Heat's software config (immutable once made): what OS::Heat::SoftwareConfig/StructuredConfig records and what the
/// software_configs API creates. <see cref="Config"/> is the script text (a string) or a structured config (a map).
/// </summary>
public sealed record SoftwareConfigRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Group { get; init; } = "Heat::Ungrouped";

    public JsonElement? Config { get; init; }

    /// <summary>A JSON array of {name, type, description, default, replace_on_change}.</summary>
    public JsonElement? Inputs { get; init; }

    /// <summary>A JSON array of {name, type, description, error_output}.</summary>
    public JsonElement? Outputs { get; init; }

    /// <summary>A JSON object.</summary>
    public JsonElement? Options { get; init; }

    /// <summary>The owning project (the Heat API's); null for the CLI.</summary>
    public string? Project { get; init; }

    public DateTimeOffset CreationTime { get; init; }
}
