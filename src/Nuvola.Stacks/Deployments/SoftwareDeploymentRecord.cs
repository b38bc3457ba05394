using System.Text.Json;

namespace Nuvola.Stacks.Deployments;

/// <summary>
/// Heat's software deployment: a config applied to a server for one action. The derived config (the source config
/// with every input's value and the deploy_* inputs) is what the server's metadata lists; a signal with the outputs
/// (or a status update through the API) ends it: COMPLETE, or FAILED with a reason.
/// </summary>
public sealed record SoftwareDeploymentRecord
{
    public required string Id { get; init; }

    /// <summary>The physical id of the resource that made it (a SoftwareDeployments resource makes one per server); the
    /// deployment's own id when the API made it.</summary>
    public required string Owner { get; init; }

    public required string ServerId { get; init; }

    /// <summary>The source config's id (<see cref="SoftwareConfigRecord"/>).</summary>
    public required string ConfigId { get; init; }

    /// <summary>The derived config: what the server's agent runs (id, name, group, config, inputs with values, options, outputs).</summary>
    public required SoftwareConfigRecord Derived { get; init; }

    /// <summary>input_values as given (a JSON object).</summary>
    public JsonElement? InputValues { get; init; }

    /// <summary>The outputs the signal carried (deploy_stdout, deploy_stderr, deploy_status_code and the config's outputs).</summary>
    public JsonElement? OutputValues { get; init; }

    /// <summary>CREATE, UPDATE, DELETE, SUSPEND or RESUME.</summary>
    public string Action { get; init; } = "CREATE";

    /// <summary>IN_PROGRESS, COMPLETE or FAILED.</summary>
    public string Status { get; init; } = "IN_PROGRESS";

    public string StatusReason { get; init; } = "Deploy data available";

    /// <summary>The owning project (the Heat API's); null for the CLI.</summary>
    public string? Project { get; init; }

    /// <summary>The engine stack and resource that made it; null when the API made it.</summary>
    public string? Stack { get; init; }

    /// <summary>The logical name of the resource that made it.</summary>
    public string? Resource { get; init; }

    /// <summary>deploy_resource_name: the resource's name, or the server's key in a SoftwareDeployments resource.</summary>
    public string? ResourceName { get; init; }

    /// <summary>CFN_SIGNAL, TEMP_URL_SIGNAL, HEAT_SIGNAL, NO_SIGNAL (or ZAQAR_SIGNAL, taken as HEAT_SIGNAL).</summary>
    public string SignalTransport { get; init; } = "NO_SIGNAL";

    /// <summary>The random token of the deployment's presigned signal URL (in memory and state only, never logged).</summary>
    public string? SignalToken { get; init; }

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? UpdatedTime { get; init; }

    public bool Finished => Status is "COMPLETE" or "FAILED";
}
