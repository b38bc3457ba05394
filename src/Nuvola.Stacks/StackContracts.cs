using System.Collections.Immutable;
using System.Text.Json;
using Nuvola.Engine.Applying;
using Nuvola.Engine.Planning;
using Nuvola.Engine.State;
using Nuvola.Model.Diagnostics;

namespace Nuvola.Stacks;

/// <summary>
/// A template and what goes with it: from files (the CLI) or from memory (the Heat API, whose requests carry the
/// template, a `files` map and an environment).
/// </summary>
public sealed record StackSource
{
    /// <summary>The template's path (CLI) or name (API: e.g. "template.yaml"); diagnostics name it.</summary>
    public required string TemplateFile { get; init; }

    /// <summary>The template's text; when null, <see cref="TemplateFile"/> is read from disk.</summary>
    public string? TemplateText { get; init; }

    /// <summary>get_file contents and nested templates by the name the template uses (Heat's `files`).</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Environment files (-e), in order.</summary>
    public IReadOnlyList<string> EnvironmentFiles { get; init; } = [];

    /// <summary>Environments as YAML/JSON text (the API's `environment`), after the files, in order.</summary>
    public IReadOnlyList<string> EnvironmentTexts { get; init; } = [];

    /// <summary>-P name=value (the API's `parameters`), last wins.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>
    /// The Heat API: every file the template names (get_file, nested templates, OS::Heat::Stack templates,
    /// environment files) comes from <see cref="Files"/> only; the disk is never read (see <see cref="Nuvola.Templates.Hot.TemplateOptions.FilesOnly"/>).
    /// </summary>
    public bool FilesOnly { get; init; }
}

/// <summary>Where a resource is about to be acted on: Heat's hook points (breakpoints set in the environment).</summary>
public enum HookPoint
{
    PreCreate,
    PreUpdate,
    PreDelete,
}

/// <summary>How a plan, deploy or destroy runs.</summary>
public sealed record DeployOptions
{
    /// <summary>On failure, undo what this run did (Heat's rollback; the CLI's --rollback).</summary>
    public bool Rollback { get; init; }

    /// <summary>Read every recorded resource from the cloud first, so that the plan sees drift.</summary>
    public bool Refresh { get; init; }

    /// <summary>Told of every event as it is recorded (live progress).</summary>
    public Action<EngineEvent>? OnEvent { get; init; }

    /// <summary>Shared limiters (the Heat service shares one pool between its stacks).</summary>
    public LimiterPool? Limiters { get; init; }

    /// <summary>
    /// Awaited before a resource is acted on when the environment sets a hook on it (resource_registry
    /// `resources: {name: {hooks: pre-create}}`); the run waits until the returned task completes.
    /// </summary>
    public Func<string, HookPoint, CancellationToken, ValueTask>? OnHook { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>What loading and planning gave: every diagnostic (template and plan), and the plan when there is one.</summary>
public sealed record StackPlanResult(ImmutableArray<Diagnostic> Diagnostics, Plan? Plan)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>How a deploy or destroy ended: the plan, the apply's result (null when the plan had errors), the outputs.</summary>
public sealed record StackDeployResult(
    ImmutableArray<Diagnostic> Diagnostics,
    Plan? Plan,
    ApplyResult? Apply,
    IReadOnlyList<OutputRecord> Outputs)
{
    public bool Succeeded => !Diagnostics.Any(d => d.Severity == Severity.Error) && Apply is { Succeeded: true };
}

/// <summary>
/// Templates → engine: loads a <see cref="StackSource"/>, turns its topology into desired resources (OS::Heat::*
/// types run by an internal driver; ResourceGroup members and nested stacks expanded), plans against recorded
/// state, applies with an evaluator that resolves intrinsic functions against what is deployed, and records outputs.
/// One instance per state store; safe for concurrent use on different stacks.
/// </summary>
public interface IStackService
{
    /// <summary>Loads and plans without changing anything (nuvola plan; Heat preview).</summary>
    Task<StackPlanResult> PlanAsync(string stack, StackSource source, DeployOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Plans and applies; a second run after a failure resumes (creates only what is missing).</summary>
    Task<StackDeployResult> DeployAsync(string stack, StackSource source, DeployOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Deletes every resource of the stack (honouring deletion_policy Retain) and then the stack's state.</summary>
    Task<StackDeployResult> DestroyAsync(string stack, DeployOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Delivers a signal to a resource (WaitConditionHandle, ScalingPolicy); false when the
    /// resource does not exist or takes no signal. Hooks are the caller's: <see cref="DeployOptions.OnHook"/>.
    /// </summary>
    Task<bool> SignalAsync(string stack, string logicalName, JsonElement data,
        CancellationToken cancellationToken = default);
}
