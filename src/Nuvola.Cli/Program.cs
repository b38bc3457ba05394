using System.CommandLine;
using Nuvola.Cli;
using Nuvola.Cli.Cloud;
using Nuvola.Cli.Stacks;
using Nuvola.Cli.Templates;

var root = new RootCommand("Nuvola: describe infrastructure once (Heat or TOSCA), deploy it on any cloud, or try it on the embedded one.");
var cloud = new Command("cloud", "The embedded OpenStack cloud.");
cloud.Subcommands.Add(CloudServeCommand.Create());
cloud.Subcommands.Add(CloudStartCommand.Create());
cloud.Subcommands.Add(CloudStopCommand.Create());
cloud.Subcommands.Add(CloudProxyCommand.Create());
root.Subcommands.Add(cloud);
root.Subcommands.Add(ValidateCommand.Create());
root.Subcommands.Add(DeployCommands.Plan());
root.Subcommands.Add(DeployCommands.Deploy());
root.Subcommands.Add(DeployCommands.Destroy());
root.Subcommands.Add(ReadCommands.Stacks());
root.Subcommands.Add(ReadCommands.Show());
root.Subcommands.Add(ReadCommands.Outputs());
root.Subcommands.Add(ReadCommands.Events());
root.Subcommands.Add(ReadCommands.Resources());
root.Subcommands.Add(CloudsCommand.Create());

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
