using System.CommandLine;
using System.Text.Json.Nodes;
using Nuvola.Cli.Output;
using Nuvola.Cli.Progress;
using Nuvola.Cli.Templates;
using Nuvola.Engine.Applying;
using Nuvola.Engine.State;
using Nuvola.Model.Diagnostics;
using Nuvola.Stacks;
using Nuvola.Stacks.Loading;

namespace Nuvola.Cli.Stacks;

/// <summary>`nuvola plan`, `nuvola deploy` (alias `up`) and `nuvola destroy`: templates → plan → apply on a cloud.</summary>
internal static class DeployCommands
{
    public static Command Plan()
    {
        var inputs = new StackInputs();
        var file = TemplateArgument();
        var refresh = RefreshOption();
        var command = new Command("plan", "Show what a deploy would create, update in place, replace or delete, and why; changes nothing.") { file, refresh };
        inputs.AddTo(command, template: true, cloud: true);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var path = parse.GetValue(file)!;
            var stack = inputs.StackName(parse, path);
            var source = inputs.Source(parse, path);
            var format = inputs.OutputFormat(parse);
            using var clouds = CloudDrivers.Choose(parse.GetValue(inputs.Cloud));
            await using var store = StateLocation.Open(parse.GetValue(inputs.State), mustExist: false)!;
            var (_, plan) = await PlanStackAsync(clouds, store, stack, source, parse.GetValue(refresh), cancellationToken);
            if (plan.HasErrors || plan.Plan is null)
            {
                return WriteErrors(format, plan.Diagnostics, path);
            }

            if (format == OutputFormat.Table)
            {
                await Console.Out.WriteAsync(PlanRendering.Table(plan.Plan));
            }
            else
            {
                Formats.Write(Console.Out, format, StackViews.Plan(plan.Plan));
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    public static Command Deploy()
    {
        var inputs = new StackInputs();
        var file = TemplateArgument();
        var refresh = RefreshOption();
        var rollback = new Option<bool>("--rollback") { Description = "On failure, delete what this run created and put back what it changed." };
        var noRollback = new Option<bool>("--no-rollback") { Description = "On failure, keep what was made so that running deploy again resumes (the default)." };
        var command = new Command("deploy", "Create or update a stack from a template on a cloud (the embedded one when none is configured), then show its outputs.")
        {
            file, refresh, rollback, noRollback,
        };
        command.Aliases.Add("up");
        inputs.AddTo(command, template: true, cloud: true);
        command.Validators.Add(result =>
        {
            if (result.GetResult(rollback) is not null && result.GetResult(noRollback) is not null)
            {
                result.AddError("--rollback and --no-rollback cannot be used together");
            }
        });
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var path = parse.GetValue(file)!;
            var stack = inputs.StackName(parse, path);
            var source = inputs.Source(parse, path);
            var format = inputs.OutputFormat(parse);
            using var clouds = CloudDrivers.Choose(parse.GetValue(inputs.Cloud));
            await using var store = StateLocation.Open(parse.GetValue(inputs.State), mustExist: false)!;
            var progressWriter = format == OutputFormat.Table ? Console.Out : Console.Error;
            var progressIsTerminal = format == OutputFormat.Table ? !Console.IsOutputRedirected : !Console.IsErrorRedirected;
            var (service, plan) = await PlanStackAsync(clouds, store, stack, source, parse.GetValue(refresh), cancellationToken);
            if (plan.HasErrors || plan.Plan is null)
            {
                return WriteErrors(format, plan.Diagnostics, path);
            }

            var uses = CloudUnavailableException.UsesOf(plan.Plan).Where(u => CloudDrivers.Handles(u.Type)).ToList();
            await EnsureCloudsAsync(clouds, uses, cancellationToken);
            await progressWriter.WriteLineAsync($"Deploying stack {stack}{(uses.Count > 0 ? " on " + CloudDrivers.Describe(uses.Select(u => u.Cloud)) : string.Empty)}: {PlanRendering.Summary(plan.Plan)}.");
            var progress = ProgressReporter.For(progressWriter, progressIsTerminal, $"Deploying {stack}");
            var result = await service.DeployAsync(stack, source, new DeployOptions
            {
                Rollback = parse.GetValue(rollback),
                Refresh = parse.GetValue(refresh),
                OnEvent = progress.OnEvent,
            }, cancellationToken);
            progress.Finish();
            return await WriteResultAsync(format, stack, result, path, "deploy", cancellationToken);
        }, cancellationToken));
        return command;
    }

    public static Command Destroy()
    {
        var inputs = new StackInputs();
        var target = new Argument<string?>("FILE") { Description = "The template the stack was deployed from (its base name is the stack name), or the stack name.", Arity = ArgumentArity.ZeroOrOne };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask: required when stdin is not a terminal." };
        var command = new Command("destroy", "Delete every resource of a stack, then the stack's state.") { target, yes };
        inputs.AddTo(command, template: false, cloud: true);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var stack = inputs.StackName(parse, parse.GetValue(target));
            var format = inputs.OutputFormat(parse);
            var state = parse.GetValue(inputs.State);
            using var clouds = CloudDrivers.Choose(parse.GetValue(inputs.Cloud));
            await using var store = StateLocation.Open(state, mustExist: true)
                ?? throw new CliException(ExitCodes.StackNotFound, $"stack '{stack}' does not exist (no state at {StateLocation.Describe(state)})");
            if (await store.GetStackAsync(stack, cancellationToken) is null)
            {
                throw new CliException(ExitCodes.StackNotFound, $"stack '{stack}' does not exist in {StateLocation.Describe(state)}");
            }

            var resources = await store.GetResourcesAsync(stack, cancellationToken);
            if (!parse.GetValue(yes))
            {
                await ConfirmAsync(stack, resources.Count);
            }

            // Each resource is deleted in the cloud it was recorded in (records from before clouds: the service asks for --cloud).
            var uses = resources.Where(r => CloudDrivers.Handles(r.Type) && r.PhysicalId is not null)
                .Select(r => (r.Cloud ?? clouds.Chosen, r.Type, r.LogicalName)).Where(u => u.Item1 is not null).ToList();
            await EnsureCloudsAsync(clouds, uses, cancellationToken);
            var progressWriter = format == OutputFormat.Table ? Console.Out : Console.Error;
            var progressIsTerminal = format == OutputFormat.Table ? !Console.IsOutputRedirected : !Console.IsErrorRedirected;
            await progressWriter.WriteLineAsync($"Destroying stack {stack}{(uses.Count > 0 ? " on " + CloudDrivers.Describe(uses.Select(u => u.Item1)) : string.Empty)}: {resources.Count} resource{(resources.Count == 1 ? string.Empty : "s")}.");
            var progress = ProgressReporter.For(progressWriter, progressIsTerminal, $"Destroying {stack}");
            var service = StackServices.Create(store, clouds);
            var result = await service.DestroyAsync(stack, new DeployOptions { OnEvent = progress.OnEvent }, cancellationToken);
            progress.Finish();
            return await WriteResultAsync(format, stack, result, stack, "destroy", cancellationToken);
        }, cancellationToken));
        return command;
    }

    private static Argument<string> TemplateArgument() => new("FILE") { Description = "The HOT template to deploy." };

    private static Option<bool> RefreshOption() => new("--refresh") { Description = "Read every recorded resource from the cloud first, so that changes made outside Nuvola (drift) are planned for." };

    // A type the catalogue knows but no driver deploys (yet) is refused before anything runs, rather than failing
    // half way through an apply.
    private static void RefuseTypesWithoutDriver(Engine.Planning.Plan plan)
    {
        var missing = plan.Changes
            .Where(c => c.Action is Engine.Planning.ChangeAction.Create or Engine.Planning.ChangeAction.Update or Engine.Planning.ChangeAction.Replace)
            .Where(c => !CloudDrivers.IsLocal(c.Type) && !CloudDrivers.Handles(c.Type))
            .GroupBy(c => c.Type, StringComparer.Ordinal)
            .Select(g => $"{g.Key} (resource{(g.Count() == 1 ? string.Empty : "s")} {string.Join(", ", g.Select(c => c.LogicalName))})")
            .ToList();
        if (missing.Count > 0)
        {
            throw new CliException(ExitCodes.InvalidInput,
                $"no driver deploys {string.Join("; ", missing)}: nothing was changed");
        }
    }

    // Plan and deploy start alike: connect first when asked to refresh, plan, then (when the plan is good) print its
    // notes and refuse types no driver deploys.
    private static async Task<(IStackService Service, StackPlanResult Plan)> PlanStackAsync(CloudDrivers clouds,
        IStateStore store, string stack, StackSource source, bool refresh, CancellationToken cancellationToken)
    {
        var service = StackServices.Create(store, clouds);
        var plan = await service.PlanAsync(stack, source, new DeployOptions { Refresh = refresh }, cancellationToken);
        if (!plan.HasErrors && plan.Plan is not null)
        {
            await Console.Error.WriteAsync(PlanRendering.Notes(plan.Diagnostics));
            RefuseTypesWithoutDriver(plan.Plan);
        }

        return (service, plan);
    }

    // Every cloud the command acts on is connected before anything changes; one that cannot be used stops the
    // command (exit 7) naming it, the resources it holds, and how to configure it.
    private static async Task EnsureCloudsAsync(CloudDrivers clouds, IEnumerable<(string? Cloud, string Type, string Resource)> uses,
        CancellationToken cancellationToken)
    {
        try
        {
            await CloudUnavailableException.ThrowIfAnyUnavailableAsync(clouds, uses, cancellationToken);
        }
        catch (CloudUnavailableException e)
        {
            throw new CliException(ExitCodes.CloudUnavailable, e.Message);
        }
    }

    private static async Task ConfirmAsync(string stack, int resources)
    {
        if (Console.IsInputRedirected)
        {
            throw new CliException(ExitCodes.NotConfirmed,
                $"destroy deletes stack '{stack}' and its {resources} resource(s); stdin is not a terminal to ask, so pass --yes to confirm");
        }

        await Console.Error.WriteAsync($"Destroy stack '{stack}' and its {resources} resource(s)? Type yes to confirm: ");
        var answer = await Console.In.ReadLineAsync();
        if (!string.Equals(answer?.Trim(), "yes", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException(ExitCodes.NotConfirmed, "destroy not confirmed; nothing was changed");
        }
    }

    private static int WriteErrors(OutputFormat format, IReadOnlyCollection<Diagnostic> diagnostics, string file)
    {
        // A cloud that cannot be used, or state that does not say which cloud its resources are on: not the template's fault.
        if (diagnostics.FirstOrDefault(d => d.Code is StackCodes.CloudUnavailable or StackCodes.CloudNotRecorded) is { } cloud)
        {
            throw new CliException(cloud.Code == StackCodes.CloudUnavailable ? ExitCodes.CloudUnavailable : ExitCodes.Usage,
                cloud.Message + (cloud.Hint is null ? string.Empty : $" ({cloud.Hint})"));
        }

        switch (format)
        {
            case OutputFormat.Table:
                Console.Error.Write(DiagnosticRendering.Table(diagnostics, file));
                break;
            default:
                Formats.Write(Console.Out, format, JsonNode.Parse(DiagnosticRendering.Json(diagnostics))!);
                break;
        }

        return ExitCodes.InvalidInput;
    }

    private static async Task<int> WriteResultAsync(OutputFormat format, string stack, StackDeployResult result, string file,
        string verb, CancellationToken cancellationToken)
    {
        if (result.Apply is null)
        {
            // The stack service reports a held lock with its own code (StackLockedException → STK006).
            if (result.Diagnostics.FirstOrDefault(d => d.Code == StackCodes.StackLocked) is { } locked)
            {
                await Console.Error.WriteLineAsync($"nuvola: {locked.Message} ({locked.Hint})");
                return ExitCodes.StackLocked;
            }

            return WriteErrors(format, result.Diagnostics, file);
        }

        var apply = result.Apply;
        if (format != OutputFormat.Table)
        {
            var document = new JsonObject
            {
                ["stack"] = stack,
                ["status"] = StackViews.Status(apply.Action, apply.Status),
                ["succeeded"] = result.Succeeded,
                ["rolled_back"] = apply.RolledBack,
                ["failures"] = new JsonArray([.. apply.Failures.Select(f => (JsonNode?)Failure(f))]),
            };
            if (verb == "deploy")
            {
                document["outputs"] = StackViews.Outputs(result.Outputs, showSecrets: false);
            }

            Formats.Write(Console.Out, format, document);
        }
        else
        {
            foreach (var failure in apply.Failures)
            {
                await Console.Error.WriteLineAsync($"nuvola: {failure.LogicalName} ({failure.Type}) failed: {failure.Message}" +
                                                   (failure.RequestId is null ? string.Empty : $" [request {failure.RequestId}]"));
            }

            var outcome = result.Succeeded
                ? (verb == "deploy" ? "deployed" : "destroyed")
                : apply.RolledBack ? $"{verb} failed and was rolled back" : $"{verb} failed";
            await Console.Out.WriteLineAsync($"Stack {stack} {outcome}: {StackViews.Status(apply.Action, apply.Status)}.");
            if (verb == "deploy" && result.Outputs.Count > 0)
            {
                await Console.Out.WriteLineAsync("Outputs:");
                var table = new TextTable("NAME", "VALUE");
                foreach (var output in result.Outputs)
                {
                    table.Add(output.Name, output.Secret ? "(sensitive)" : StackViews.Text(output.Value));
                }

                await Console.Out.WriteAsync(table.ToString());
            }

            if (!result.Succeeded && !apply.RolledBack && verb == "deploy")
            {
                await Console.Out.WriteLineAsync("Fix the cause and run the same deploy again: it resumes and creates only what is missing.");
            }
        }

        if (apply.Cancelled || cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }

        return result.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static JsonObject Failure(ResourceFailure failure) => new()
    {
        ["resource"] = failure.LogicalName,
        ["type"] = failure.Type,
        ["message"] = failure.Message,
        ["request_id"] = failure.RequestId,
    };
}
