using System.CommandLine;
using Nuvola.Cli.Output;
using Nuvola.Stacks;

namespace Nuvola.Cli.Stacks;

/// <summary>The options the stack commands share, each created once per command (System.CommandLine symbols have one parent).</summary>
internal sealed class StackInputs
{
    public Option<string?> Stack { get; } = new("--stack", "-s") { Description = "Stack name (default: the template file's base name, e.g. hello for hello.hot.yaml)." };

    public Option<string[]> Parameters { get; } = new("--parameter", "-P") { Description = "A parameter value as name=value; repeatable, last wins." };

    public Option<string[]> Environments { get; } = new("--environment", "-e") { Description = "Environment file (parameters, parameter_defaults, resource_registry); repeatable, merged in order." };

    public Option<string?> Cloud { get; } = new("--cloud") { Description = "Cloud from clouds.yaml (as the openstack client finds it; default OS_CLOUD, then OS_* variables, else the embedded cloud)." };

    public Option<string?> State { get; } = new("--state") { Description = "State: a PostgreSQL connection string (Host=…;Database=…, or postgres://…), or a SQLite directory or .db file (default: $NUVOLA_HOME, else ./.nuvola)." };

    public Option<string> Format { get; } = Formats.Option();

    /// <summary>The stack name: --stack, else the base name of <paramref name="fileOrName"/> (a file or a name).</summary>
    public string StackName(ParseResult parse, string? fileOrName)
    {
        var name = parse.GetValue(Stack);
        if (name is null && fileOrName is not null)
        {
            name = File.Exists(fileOrName) || fileOrName.Contains('/', StringComparison.Ordinal) || StackNames.FromFile(fileOrName) != fileOrName
                ? StackNames.FromFile(fileOrName)
                : fileOrName;
        }

        if (name is null)
        {
            throw new CliException(ExitCodes.Usage, "name the stack: --stack NAME (or give the template file)");
        }

        if (!StackNames.IsValid(name))
        {
            throw new CliException(ExitCodes.Usage,
                $"'{name}' is not a valid stack name: it must start with a letter and contain only letters, digits, '_', '-' and '.' (use --stack NAME)");
        }

        return name;
    }

    /// <summary>The template, its environments and -P values; a missing file is a usage error.</summary>
    public StackSource Source(ParseResult parse, string file)
    {
        if (!File.Exists(file))
        {
            throw new CliException(ExitCodes.Usage, $"no such file: {file}");
        }

        var environments = parse.GetValue(Environments) ?? [];
        foreach (var environment in environments)
        {
            if (!File.Exists(environment))
            {
                throw new CliException(ExitCodes.Usage, $"no such environment file: {environment}");
            }
        }

        var values = new List<KeyValuePair<string, string>>();
        foreach (var item in parse.GetValue(Parameters) ?? [])
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException(ExitCodes.Usage, $"-P takes name=value, not '{item}'");
            }

            values.Add(new(item[..equals], item[(equals + 1)..]));
        }

        return new StackSource { TemplateFile = file, EnvironmentFiles = environments, Parameters = values };
    }

    public OutputFormat OutputFormat(ParseResult parse) => Formats.Parse(parse.GetValue(Format));

    public void AddTo(Command command, bool template, bool cloud)
    {
        command.Options.Add(Stack);
        if (template)
        {
            command.Options.Add(Parameters);
            command.Options.Add(Environments);
        }

        if (cloud)
        {
            command.Options.Add(Cloud);
        }

        command.Options.Add(State);
        command.Options.Add(Format);
    }
}
