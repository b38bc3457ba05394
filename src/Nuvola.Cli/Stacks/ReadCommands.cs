using System.CommandLine;
using System.Text.Json.Nodes;
using Nuvola.Cli.Output;
using Nuvola.Engine.State;

namespace Nuvola.Cli.Stacks;

/// <summary>`nuvola stacks | show | outputs | events | resources`: read the state, never a cloud, change nothing.</summary>
internal static class ReadCommands
{
    public static Command Stacks()
    {
        var inputs = new StackInputs();
        var command = new Command("stacks", "List the stacks in the state.");
        command.Options.Add(inputs.State);
        command.Options.Add(inputs.Format);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var format = inputs.OutputFormat(parse);
            await using var store = StateLocation.Open(parse.GetValue(inputs.State), mustExist: true);
            var rows = new List<(StackRecord Stack, int Resources)>();
            foreach (var stack in store is null ? [] : await store.ListStacksAsync(cancellationToken))
            {
                rows.Add((stack, (await store!.GetResourcesAsync(stack.Name, cancellationToken)).Count));
            }

            if (format != OutputFormat.Table)
            {
                Formats.Write(Console.Out, format, new JsonObject { ["stacks"] = new JsonArray([.. rows.Select(r => (JsonNode?)StackViews.Stack(r.Stack, r.Resources))]) });
                return ExitCodes.Success;
            }

            if (rows.Count == 0)
            {
                await Console.Out.WriteLineAsync($"No stacks in {StateLocation.Describe(parse.GetValue(inputs.State))}.");
                return ExitCodes.Success;
            }

            var table = new TextTable("NAME", "STATUS", "RESOURCES", "UPDATED");
            foreach (var (stack, resources) in rows)
            {
                table.Add(stack.Name, StackViews.Status(stack.Action, stack.Status), resources.ToString(System.Globalization.CultureInfo.InvariantCulture), StackViews.Time(stack.UpdatedAt));
            }

            await Console.Out.WriteAsync(table.ToString());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    public static Command Show()
    {
        var (command, inputs, target) = StackCommand("show", "Show a stack: its status, resources and outputs.");
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var (store, stack) = await OpenAsync(parse, inputs, target, cancellationToken);
            await using var _ = store;
            var resources = await store.GetResourcesAsync(stack.Name, cancellationToken);
            var outputs = await store.GetOutputsAsync(stack.Name, cancellationToken);
            var format = inputs.OutputFormat(parse);
            if (format != OutputFormat.Table)
            {
                var node = StackViews.Stack(stack, resources.Count);
                node["outputs"] = StackViews.Outputs(outputs, showSecrets: false);
                node["resources"] = new JsonArray([.. resources.Select(r => (JsonNode?)StackViews.Resource(r))]);
                Formats.Write(Console.Out, format, new JsonObject { ["stack"] = node });
                return ExitCodes.Success;
            }

            var fields = new TextTable("FIELD", "VALUE")
                .Add("name", stack.Name)
                .Add("id", stack.Id)
                .Add("status", StackViews.Status(stack.Action, stack.Status))
                .Add("status_reason", stack.StatusReason)
                .Add("created_at", StackViews.Time(stack.CreatedAt))
                .Add("updated_at", StackViews.Time(stack.UpdatedAt))
                .Add("resources", resources.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var output in outputs)
            {
                fields.Add("output " + output.Name, output.Secret ? "(sensitive)" : StackViews.Text(output.Value));
            }

            await Console.Out.WriteAsync(fields.ToString());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    public static Command Outputs()
    {
        var (command, inputs, target) = StackCommand("outputs", "Show a stack's outputs (secret ones as (sensitive) unless --show-secrets).");
        var value = new Option<string?>("--value") { Description = "Print only this output's value (strings as they are, others as JSON): for scripts." };
        var showSecrets = new Option<bool>("--show-secrets") { Description = "Show the values of secret outputs." };
        command.Options.Add(value);
        command.Options.Add(showSecrets);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var (store, stack) = await OpenAsync(parse, inputs, target, cancellationToken);
            await using var _ = store;
            var outputs = await store.GetOutputsAsync(stack.Name, cancellationToken);
            var reveal = parse.GetValue(showSecrets);
            if (parse.GetValue(value) is { } name)
            {
                var output = outputs.FirstOrDefault(o => o.Name == name)
                    ?? throw new CliException(ExitCodes.Usage, $"stack '{stack.Name}' has no output '{name}' (it has: {string.Join(", ", outputs.Select(o => o.Name))})");
                await Console.Out.WriteLineAsync(output.Secret && !reveal ? "(sensitive)" : StackViews.Text(output.Value));
                return ExitCodes.Success;
            }

            var format = inputs.OutputFormat(parse);
            if (format != OutputFormat.Table)
            {
                Formats.Write(Console.Out, format, new JsonObject { ["outputs"] = StackViews.Outputs(outputs, reveal) });
                return ExitCodes.Success;
            }

            var table = new TextTable("NAME", "VALUE", "DESCRIPTION");
            foreach (var output in outputs)
            {
                table.Add(output.Name, output.Secret && !reveal ? "(sensitive)" : StackViews.Text(output.Value), output.Description);
            }

            await Console.Out.WriteAsync(table.ToString());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    public static Command Events()
    {
        var (command, inputs, target) = StackCommand("events", "Show a stack's events, oldest first.");
        var limit = new Option<int?>("--limit", "-n") { Description = "Only the last N events." };
        var resource = new Option<string?>("--resource", "-r") { Description = "Only the events of this resource." };
        command.Options.Add(limit);
        command.Options.Add(resource);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var (store, stack) = await OpenAsync(parse, inputs, target, cancellationToken);
            await using var _ = store;
            var events = new List<EngineEvent>();
            long? after = null;
            do
            {
                var page = await store.GetEventsAsync(stack.Name, after, 500, cancellationToken);
                events.AddRange(page.Events);
                after = page.NextAfter;
            }
            while (after is not null);

            IEnumerable<EngineEvent> shown = events;
            if (parse.GetValue(resource) is { } only)
            {
                shown = shown.Where(e => e.LogicalName == only);
            }

            if (parse.GetValue(limit) is { } last)
            {
                shown = shown.TakeLast(Math.Max(0, last));
            }

            var format = inputs.OutputFormat(parse);
            if (format != OutputFormat.Table)
            {
                Formats.Write(Console.Out, format, new JsonObject { ["events"] = new JsonArray([.. shown.Select(e => (JsonNode?)StackViews.Event(e))]) });
                return ExitCodes.Success;
            }

            var spans = StackViews.SpansClouds(shown.Where(e => e.Cloud is not null).Select(e => e.Cloud));
            var table = spans ? new TextTable("TIME", "RESOURCE", "TYPE", "CLOUD", "ACTION", "STATUS", "REASON")
                : new TextTable("TIME", "RESOURCE", "TYPE", "ACTION", "STATUS", "REASON");
            foreach (var e in shown)
            {
                string?[] cells = [StackViews.Time(e.Time), e.LogicalName, e.ResourceType, StackViews.Snake(e.Action.ToString()), StackViews.Snake(e.Status.ToString()), e.Reason];
                table.Add(spans ? [.. cells[..3], e.Cloud, .. cells[3..]] : cells);
            }

            await Console.Out.WriteAsync(table.ToString());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    public static Command Resources()
    {
        var (command, inputs, target) = StackCommand("resources", "List a stack's resources: logical name, type, status, physical id.");
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var (store, stack) = await OpenAsync(parse, inputs, target, cancellationToken);
            await using var _ = store;
            var resources = await store.GetResourcesAsync(stack.Name, cancellationToken);
            var format = inputs.OutputFormat(parse);
            if (format != OutputFormat.Table)
            {
                Formats.Write(Console.Out, format, new JsonObject { ["resources"] = new JsonArray([.. resources.Select(r => (JsonNode?)StackViews.Resource(r))]) });
                return ExitCodes.Success;
            }

            var spans = StackViews.SpansClouds(resources.Select(r => r.Cloud));
            var table = spans ? new TextTable("NAME", "TYPE", "CLOUD", "STATUS", "PHYSICAL ID") : new TextTable("NAME", "TYPE", "STATUS", "PHYSICAL ID");
            foreach (var r in resources)
            {
                if (spans)
                {
                    table.Add(r.LogicalName, r.Type, r.Cloud, StackViews.Snake(r.Status.ToString()), r.PhysicalId);
                }
                else
                {
                    table.Add(r.LogicalName, r.Type, StackViews.Snake(r.Status.ToString()), r.PhysicalId);
                }
            }

            await Console.Out.WriteAsync(table.ToString());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static (Command Command, StackInputs Inputs, Argument<string?> Target) StackCommand(string name, string description)
    {
        var inputs = new StackInputs();
        var target = new Argument<string?>("STACK") { Description = "The stack's name, or the template it was deployed from.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command(name, description) { target };
        command.Options.Add(inputs.Stack);
        command.Options.Add(inputs.State);
        command.Options.Add(inputs.Format);
        return (command, inputs, target);
    }

    private static async Task<(IStateStore Store, StackRecord Stack)> OpenAsync(ParseResult parse, StackInputs inputs,
        Argument<string?> target, CancellationToken cancellationToken)
    {
        var name = inputs.StackName(parse, parse.GetValue(target));
        var state = parse.GetValue(inputs.State);
        var store = StateLocation.Open(state, mustExist: true)
            ?? throw new CliException(ExitCodes.StackNotFound, $"stack '{name}' does not exist (no state at {StateLocation.Describe(state)})");
        var stack = await store.GetStackAsync(name, cancellationToken);
        if (stack is null)
        {
            await store.DisposeAsync();
            throw new CliException(ExitCodes.StackNotFound, $"stack '{name}' does not exist in {StateLocation.Describe(state)}");
        }

        return (store, stack);
    }
}
