namespace Nuvola.Cloud.Orchestration;

/// <summary>
/// Heat's own record of a stack (what the engine does not keep): the request that made or last updated it, its
/// owner project, Heat's action and status, and the engine's key for it. Immutable: to change it, put a new one.
/// </summary>
public sealed record HeatStackRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string ProjectId { get; init; }

    /// <summary>The user who created it (Heat's stack_owner is the user name).</summary>
    public required string Owner { get; init; }

    /// <summary>The stack's key in the engine's state store: "heat-{stack id}" (stack ids are unique across projects;
    /// the key is kept short because the driver tags every object with it and Nova tags hold 60 characters).</summary>
    public required string EngineKey { get; init; }

    /// <summary>The template as text (JSON or YAML), as sent or serialised from the request's object.</summary>
    public required string Template { get; init; }

    /// <summary>The environment as JSON text (the request's object, normalised).</summary>
    public string Environment { get; init; } = "{}";

    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The request's parameters, as strings (Heat passes them so).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Every template parameter's effective value as Heat shows it (strings), from the last create or update.</summary>
    public IReadOnlyDictionary<string, string> ParameterValues { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<string> Tags { get; init; } = [];

    public int? TimeoutMinutes { get; init; }

    public bool DisableRollback { get; init; } = true;

    public string? Description { get; init; }

    /// <summary>The parent stack's id, for a nested stack.</summary>
    public string? ParentId { get; init; }

    /// <summary>
    /// A nested stack (a template resource's stack, which the engine runs inside its root stack): the prefix of its
    /// resources' names in the root's engine stack ("web." for the resource web); null for a stack of its own.
    /// </summary>
    public string? NestedPrefix { get; init; }

    /// <summary>A nested stack: the id of the stack whose operation runs it (the top of its parent chain).</summary>
    public string? RootId { get; init; }

    /// <summary>
    /// A stack of its own: every nested stack under it, at any depth (each with <see cref="ParentId"/> and
    /// <see cref="NestedPrefix"/>), from the last create or update; a nested stack looked up through the API carries
    /// its root's list.
    /// </summary>
    public IReadOnlyList<HeatStackRecord> Nested { get; init; } = [];

    /// <summary>CREATE, UPDATE, DELETE, ROLLBACK, SUSPEND, RESUME, CHECK.</summary>
    public string Action { get; init; } = "CREATE";

    /// <summary>IN_PROGRESS, COMPLETE, FAILED.</summary>
    public string Status { get; init; } = "IN_PROGRESS";

    public string StatusReason { get; init; } = "Stack CREATE started";

    /// <summary>The template's resources (logical name, type, dependencies) in declaration order, for listing resources
    /// that the engine has not reached yet (INIT_COMPLETE).</summary>
    public IReadOnlyList<HeatResourceOutline> Resources { get; init; } = [];

    /// <summary>Resources marked unhealthy (Heat's CHECK_FAILED), by logical name, with the reason.</summary>
    public IReadOnlyDictionary<string, string> Unhealthy { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The template's output names in declaration order.</summary>
    public IReadOnlyList<string> OutputNames { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public string StackStatus => Action + "_" + Status;
}

/// <summary>A resource as the template declares it.</summary>
public sealed record HeatResourceOutline(string Name, string Type, IReadOnlyList<string> DependsOn);
