using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Nuvola.Engine.Applying;
using Nuvola.Engine.Planning;
using Nuvola.Engine.State;
using Nuvola.Model.Diagnostics;
using Nuvola.Stacks.Evaluation;
using Nuvola.Stacks.Expansion;
using Nuvola.Stacks.Internal;
using Nuvola.Stacks.Loading;
using Nuvola.Stacks.Planning;
using Nuvola.Templates;
using Nuvola.Templates.Hot;

namespace Nuvola.Stacks;

/// <summary>
/// The stack service over one state store and the cloud drivers: loads a template (files or memory), expands it
/// (groups and nested stacks into member resources), plans with the engine's planner until what is "known after
/// apply" settles, applies with a resolver that evaluates each resource's expressions against what is applied,
/// and records outputs. OS::Heat::* types run in an internal driver registered beside the cloud drivers.
/// </summary>
public sealed partial class StackService : IStackService
{
    /// <summary>The tag that holds an external_id: the resource is an existing object, read and never changed.</summary>
    public const string ExternalIdTag = "nuvola-external-id";

    /// <summary>The tag that marks a resource whose deletion_policy is Retain (a delete only forgets it).</summary>
    public const string DeletionPolicyTag = "nuvola-deletion-policy";

    private readonly IStateStore _state;
    private readonly IDriverRegistry _drivers;
    private readonly StackServiceOptions _options;
    private readonly StackSchemas _schemas;
    private readonly SignalHub _signals = new();
    private readonly ConcurrentDictionary<(string Stack, string Group), long> _capacity = new();
    private readonly ConcurrentDictionary<string, (StackSource Source, DeployOptions? Options)> _last =
        new(StringComparer.Ordinal);

    public StackService(IStateStore state, IDriverRegistry drivers, StackServiceOptions? options = null)
    {
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _drivers = drivers ?? throw new ArgumentNullException(nameof(drivers));
        _options = options ?? new StackServiceOptions();
        _schemas = new StackSchemas(_options.CloudSchemas);
    }

    /// <summary>The engine's view of the resource types (update in place vs replace, secret attributes).</summary>
    public IResourceTypeSchemas Schemas => _schemas;

    public async Task<StackPlanResult> PlanAsync(string stack, StackSource source, DeployOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareAsync(stack, source, options ?? new DeployOptions(), false, cancellationToken)
            .ConfigureAwait(false);
        return new StackPlanResult(prepared.Diagnostics, prepared.Plan);
    }

    public async Task<StackDeployResult> DeployAsync(string stack, StackSource source, DeployOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new DeployOptions();
        _last[stack] = (source, options);
        var prepared = await PrepareAsync(stack, source, options, true, cancellationToken).ConfigureAwait(false);
        if (prepared.Plan is not { HasErrors: false } plan || prepared.Graph is not { } graph)
        {
            return new StackDeployResult(prepared.Diagnostics, prepared.Plan, null, []);
        }

        var hooks = new HookSet(prepared.Hooks);
        var byId = prepared.Recorded.Where(r => r.PhysicalId is not null)
            .GroupBy(r => r.PhysicalId!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var registry = new StackDrivers(new InternalDriver(_signals, options.TimeProvider, _options), _drivers,
            id => !byId.TryGetValue(id, out var r) ? null
                : IsRetained(r) ? StackDrivers.Retain
                : hooks.Has(r.LogicalName, HookPoint.PreDelete) ? r.LogicalName : null,
            async (name, _, ct) =>
            {
                if (options.OnHook is { } hook)
                {
                    await hook(name, HookPoint.PreDelete, ct).ConfigureAwait(false);
                }
            });
        var (apply, refused) = await ApplyAsync(plan, registry, options, Resolver(stack, graph, hooks, options),
            cancellationToken, Unchanged(graph, hooks, options)).ConfigureAwait(false);
        var outputs = apply is null ? [] : await RecordOutputsAsync(stack, graph, cancellationToken).ConfigureAwait(false);
        return new StackDeployResult([.. prepared.Diagnostics, .. refused], plan, apply, outputs);
    }

    public async Task<StackDeployResult> DestroyAsync(string stack, DeployOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new DeployOptions();
        var record = await _state.GetStackAsync(stack, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return new StackDeployResult(StackCodes.Error(StackCodes.NoSuchStack, $"stack '{stack}' does not exist"),
                null, null, []);
        }

        var (recorded, unknown) = await WithCloudsAsync(stack,
            await _state.GetResourcesAsync(stack, cancellationToken).ConfigureAwait(false), true, cancellationToken)
            .ConfigureAwait(false);
        if (!unknown.IsEmpty)
        {
            return new StackDeployResult(unknown, null, null, []);
        }

        record = await _state.GetStackAsync(stack, cancellationToken).ConfigureAwait(false) ?? record;
        var plan = new Planner(options.TimeProvider).Create(new PlanRequest(stack, [], recorded, record.Version, _schemas));
        var retained = recorded.Where(IsRetained).Select(r => r.PhysicalId!).ToHashSet(StringComparer.Ordinal);
        var registry = new StackDrivers(new InternalDriver(_signals, options.TimeProvider, _options), _drivers,
            id => retained.Contains(id) ? StackDrivers.Retain : null, (_, _, _) => ValueTask.CompletedTask);
        var (apply, refused) = await ApplyAsync(plan, registry, options with { Rollback = false }, null,
            cancellationToken).ConfigureAwait(false);
        if (apply is { Succeeded: true })
        {
            await _state.DeleteStackAsync(stack, cancellationToken).ConfigureAwait(false);
            _last.TryRemove(stack, out _);
            foreach (var key in _capacity.Keys.Where(k => k.Stack == stack))
            {
                _capacity.TryRemove(key, out _);
            }
        }

        return new StackDeployResult(plan.Diagnostics.AddRange(refused), plan, apply, []);
    }

    // Resources recorded before clouds were (no cloud): the cloud the user named is recorded for them (written when
    // persist, else only assumed, for a plan); without one the command cannot know where they live and stops.
    private async Task<(IReadOnlyList<ResourceRecord> Records, ImmutableArray<Diagnostic> Errors)> WithCloudsAsync(
        string stack, IReadOnlyList<ResourceRecord> recorded, bool persist, CancellationToken cancellationToken)
    {
        var unknown = recorded.Where(r => r.Cloud is null).Select(r => r.LogicalName).ToList();
        if (unknown.Count == 0 || (_options.DefaultCloud is null && _options.ChosenCloud is null))
        {
            return (recorded, []);
        }

        if (_options.ChosenCloud is not { } cloud)
        {
            return (recorded, StackCodes.Error(StackCodes.CloudNotRecorded,
                $"stack '{stack}' was recorded before Nuvola kept the cloud of each resource: {unknown.Count} resource" +
                $"{(unknown.Count == 1 ? string.Empty : "s")} ({string.Join(", ", unknown.Take(10))}" +
                $"{(unknown.Count > 10 ? ", …" : string.Empty)}) have no cloud; nothing was changed",
                "run the command again with --cloud NAME (the cloud the stack was deployed to, embedded for the embedded cloud); it is then recorded"));
        }

        var result = new List<ResourceRecord>(recorded.Count);
        foreach (var r in recorded)
        {
            result.Add(r.Cloud is not null ? r
                : persist ? await _state.PutResourceAsync(stack, r with { Cloud = cloud }, cancellationToken).ConfigureAwait(false)
                : r with { Cloud = cloud });
        }

        return (result, []);
    }

    // The cloud the root's resources go to: the one named for this command, else the one the stack was deployed to
    // (a top-level resource's), else the default for a new stack.
    private string? RootCloud(IReadOnlyList<ResourceRecord> recorded) =>
        _options.ChosenCloud
        ?? recorded.FirstOrDefault(r => r.Cloud is not null && !r.LogicalName.Contains('.', StringComparison.Ordinal) &&
            !r.LogicalName.Contains('/', StringComparison.Ordinal))?.Cloud
        ?? _options.DefaultCloud;

    private static bool IsRetained(ResourceRecord r) =>
        r.PhysicalId is not null && r.Tags.TryGetValue(DeletionPolicyTag, out var p) && p == "Retain";

    private async Task<(ApplyResult? Result, ImmutableArray<Diagnostic> Refused)> ApplyAsync(Plan plan,
        IDriverRegistry registry, DeployOptions options, SpecResolver? resolver, CancellationToken cancellationToken,
        Func<PlannedChange, CancellationToken, ValueTask>? beforeUnchanged = null)
    {
        var applyOptions = new ApplyOptions
        {
            Rollback = options.Rollback,
            BeforeUnchanged = beforeUnchanged,
            Limiters = options.Limiters,
            OnEvent = options.OnEvent,
            TimeProvider = options.TimeProvider,
        };
        if (_options.Holder is { } holder)
        {
            applyOptions = applyOptions with { Holder = holder };
        }

        try
        {
            var applier = new Applier(_state, registry, applyOptions, _schemas);
            return (await applier.ApplyAsync(plan, resolver, cancellationToken).ConfigureAwait(false), []);
        }
        catch (StackLockedException e)
        {
            return (null, StackCodes.Error(StackCodes.StackLocked, e.Message, "wait for the other apply to finish"));
        }
        catch (CloudUnavailableException e)
        {
            return (null, StackCodes.Error(StackCodes.CloudUnavailable, e.Message));
        }
        catch (Exception e) when (e is PlanRejectedException or StateConflictException)
        {
            return (null, StackCodes.Error(StackCodes.ApplyRefused, e.Message, "plan again"));
        }
    }

    // Heat pauses at a pre-update hook even when the update leaves the resource as it is.
    private static Func<PlannedChange, CancellationToken, ValueTask>? Unchanged(StackGraph graph, HookSet hooks,
        DeployOptions options) =>
        options.OnHook is not { } hook || hooks.IsEmpty ? null : async (change, cancellationToken) =>
        {
            if (graph.Nodes.ContainsKey(change.LogicalName) && hooks.Has(change.LogicalName, HookPoint.PreUpdate))
            {
                await hook(change.LogicalName, HookPoint.PreUpdate, cancellationToken).ConfigureAwait(false);
            }
        };

    // Evaluates each resource's properties against what is applied, just before it runs; waits on hooks first.
    private SpecResolver Resolver(string stack, StackGraph graph, HookSet hooks, DeployOptions options) =>
        async (change, applied, cancellationToken) =>
        {
            if (!graph.Nodes.TryGetValue(change.LogicalName, out var node))
            {
                return await SpecResolvers.Markers(change, applied, cancellationToken).ConfigureAwait(false);
            }

            var point = change.Action == ChangeAction.Create ? HookPoint.PreCreate : HookPoint.PreUpdate;
            if (options.OnHook is { } hook && hooks.Has(node.Name, point))
            {
                await hook(node.Name, point, cancellationToken).ConfigureAwait(false);
            }

            var context = new EvaluationContext(applied.Get, EvaluationContext.Nothing, graph);
            var (properties, _) = DesiredBuilder.Properties(node, context);
            var errors = context.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.ToString())));
            }

            if (KnownAfterApply.Contains(properties))
            {
                throw new InvalidOperationException(
                    "a value it depends on has no value after apply (a resource it references is not deployed)");
            }

            properties = ConfigReferences.Inline(node.Type, properties, graph, applied);
            DeploymentConfigs.Recall(node.Type, properties, graph, applied, _options.SoftwareDeployments, _options.ProjectOf);
            var tags = EngineTags.For(stack, node.Name);
            if (node.Source.ExternalId is { } external)
            {
                // An existing object the stack only reads (Heat's external_id): never created, updated nor deleted.
                context.Reset();
                var id = context.Evaluate(external, node.Scope) as string;
                if (string.IsNullOrEmpty(id))
                {
                    throw new InvalidOperationException("its external_id has no value");
                }

                tags = tags.Add(ExternalIdTag, id).Add(DeletionPolicyTag, "Retain");
            }
            else if (node.Retain)
            {
                tags = tags.Add(DeletionPolicyTag, "Retain");
            }

            return new ResourceSpec(stack, node.Name, node.Type, properties, tags);
        };

    private async Task<IReadOnlyList<OutputRecord>> RecordOutputsAsync(string stack, StackGraph graph,
        CancellationToken cancellationToken)
    {
        var records = (await _state.GetResourcesAsync(stack, cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r.LogicalName, StringComparer.Ordinal);
        var outputs = Outputs.Evaluate(graph, records);
        if (await _state.GetStackAsync(stack, cancellationToken).ConfigureAwait(false) is not null)
        {
            await _state.SetOutputsAsync(stack, outputs, cancellationToken).ConfigureAwait(false);
        }

        return outputs;
    }

    private sealed record Prepared(ImmutableArray<Diagnostic> Diagnostics, Plan? Plan, StackGraph? Graph,
        ImmutableArray<ResourceHook> Hooks, IReadOnlyList<ResourceRecord> Recorded);

    private async Task<Prepared> PrepareAsync(string stack, StackSource source, DeployOptions options, bool persist,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var template = await StackLoader.LoadAsync(source, _options, cancellationToken).ConfigureAwait(false);
        if (template.Topology is not { } topology || template.HasErrors)
        {
            return new Prepared(template.Diagnostics, null, null, template.Hooks, []);
        }

        var record = await _state.GetStackAsync(stack, cancellationToken).ConfigureAwait(false);
        var (recorded, unknown) = await WithCloudsAsync(stack, record is null ? []
            : await _state.GetResourcesAsync(stack, cancellationToken).ConfigureAwait(false), persist, cancellationToken)
            .ConfigureAwait(false);
        if (!unknown.IsEmpty)
        {
            return new Prepared([.. template.Diagnostics, .. unknown], null, null, template.Hooks, recorded);
        }

        if (record is not null && persist)
        {
            record = await _state.GetStackAsync(stack, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyDictionary<string, ResourceSnapshot?>? cloud;
        try
        {
            cloud = options.Refresh
                ? await DriftReader.ReadAsync([.. recorded.Where(r => !InternalTypes.IsInternal(r.Type))], _drivers,
                    cancellationToken: cancellationToken).ConfigureAwait(false)
                : null;
        }
        catch (CloudUnavailableException e)
        {
            return new Prepared([.. template.Diagnostics, .. StackCodes.Error(StackCodes.CloudUnavailable, e.Message)],
                null, null, template.Hooks, recorded);
        }

        var byName = recorded.ToDictionary(r => r.LogicalName, StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>(template.Diagnostics);
        var graph = Expander.Expand(topology, source.Files, source.FilesOnly, byName.GetValueOrDefault,
            group => _capacity.TryGetValue((stack, group), out var c) ? c : null, template.ResolveType, diagnostics,
            RootCloud(recorded), _options.CheckCloud);
        if (diagnostics.Any(d => d.Severity == Severity.Error))
        {
            return new Prepared([.. diagnostics], null, graph, template.Hooks, recorded);
        }

        var plan = PlanSettled(stack, graph, recorded, byName, record?.Version ?? 0, cloud, options.TimeProvider,
            out var evaluation);
        diagnostics.AddRange(evaluation);
        if (evaluation.Any(d => d.Severity == Severity.Error))
        {
            plan = plan with { Diagnostics = plan.Diagnostics.AddRange(evaluation.Where(d => d.Severity == Severity.Error)) };
        }

        diagnostics.AddRange(plan.Diagnostics.Where(d => !diagnostics.Contains(d)));
        return new Prepared([.. diagnostics.Distinct()], plan, graph, template.Hooks, recorded);
    }

    // Plans until the set of resources whose values change (created, replaced, internal ones updated, and the
    // aggregates over them) is stable: a value read from such a resource is "known after apply".
    private Plan PlanSettled(string stack, StackGraph graph, IReadOnlyList<ResourceRecord> recorded,
        Dictionary<string, ResourceRecord> byName, long version, IReadOnlyDictionary<string, ResourceSnapshot?>? cloud,
        TimeProvider time, out List<Diagnostic> evaluation)
    {
        var changing = new Dictionary<string, IReadOnlySet<string>?>(StringComparer.Ordinal);
        var planner = new Planner(time);
        for (var round = 0; ; round++)
        {
            var context = new EvaluationContext(byName.GetValueOrDefault, changing, graph);
            var desired = DesiredBuilder.Build(graph, context);
            var plan = planner.Create(new PlanRequest(stack, desired, recorded, version, _schemas, cloud));
            var next = new Dictionary<string, IReadOnlySet<string>?>(changing, StringComparer.Ordinal);
            foreach (var c in plan.Changes)
            {
                if (c.Action is ChangeAction.Create or ChangeAction.Replace ||
                    (c.Action == ChangeAction.Update && InternalTypes.AttributesFollowProperties(c.Type)))
                {
                    next[c.LogicalName] = null;
                }
                else if (c.Action == ChangeAction.Update && !next.ContainsKey(c.LogicalName))
                {
                    next[c.LogicalName] = c.PropertyChanges.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                }
            }

            foreach (var node in graph.Order.Where(n => n.Kind != NodeKind.Resource))
            {
                if (node.Members.Any(next.ContainsKey))
                {
                    next[node.Name] = null;
                }
            }

            var same = next.Count == changing.Count && next.All(p => changing.TryGetValue(p.Key, out var v) &&
                (v is null ? p.Value is null : p.Value is not null && v.SetEquals(p.Value)));
            if (same || round >= 50)
            {
                evaluation = [.. context.Diagnostics.Distinct()];
                return plan;
            }

            changing = next;
        }
    }
}
