using System.CommandLine;
using Nuvola.Templates;

namespace Nuvola.Cli.Templates;

/// <summary>`nuvola validate [-f table|json] [-e env.yaml]… [-P name=value]… FILE`: every diagnostic at once; exit 3 on any error.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The template to validate (HOT or TOSCA, told by its version key)." };
        var format = new Option<string>("--format", "-f") { Description = "Output format: table (for people) or json (for scripts).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var environments = new Option<string[]>("--environment", "-e") { Description = "Environment file (parameters, parameter_defaults, resource_registry); repeatable.", AllowMultipleArgumentsPerToken = false };
        var parameters = new Option<string[]>("--parameter", "-P") { Description = "A parameter value as name=value; repeatable." };
        var command = new Command("validate", "Check a template and print every problem with file:line:column, YAML path and a hint.")
        {
            file, format, environments, parameters,
        };
        command.SetAction(parse =>
        {
            var values = new List<KeyValuePair<string, string>>();
            foreach (var item in parse.GetValue(parameters) ?? [])
            {
                var equals = item.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    Console.Error.WriteLine($"nuvola: -P takes name=value, not '{item}'");
                    return ExitCodes.Usage;
                }

                values.Add(new(item[..equals], item[(equals + 1)..]));
            }

            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"nuvola: no such file: {path}");
                return ExitCodes.Usage;
            }

            var result = TemplateLoader.Load(path, new TemplateOptions { EnvironmentFiles = parse.GetValue(environments) ?? [], Parameters = values });
            var output = parse.GetValue(format) == "json" ? DiagnosticRendering.Json(result.Diagnostics) : DiagnosticRendering.Table(result.Diagnostics, path);
            Console.Out.Write(output);
            return result.HasErrors ? ExitCodes.InvalidInput : ExitCodes.Success;
        });
        return command;
    }
}
