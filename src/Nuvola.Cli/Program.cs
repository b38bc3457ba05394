using System.CommandLine;
using Nuvola.Cli;
using Nuvola.Cli.Cloud;
using Nuvola.Cli.Templates;

var root = new RootCommand("Nuvola: describe infrastructure once (Heat or TOSCA), deploy it on any cloud, or try it on the embedded one.");
var cloud = new Command("cloud", "The embedded OpenStack cloud.");
cloud.Subcommands.Add(CloudServeCommand.Create());
root.Subcommands.Add(cloud);
root.Subcommands.Add(ValidateCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"nuvola: {error.Message}");
    }

    Console.Error.WriteLine("Try 'nuvola --help'.");
    return ExitCodes.Usage;
}

return await parse.InvokeAsync();
