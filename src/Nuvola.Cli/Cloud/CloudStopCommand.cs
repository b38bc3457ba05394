using System.CommandLine;
using Nuvola.Cli.Stacks;

namespace Nuvola.Cli.Cloud;

/// <summary>`nuvola cloud stop [--data-dir DIR]`: stops the embedded cloud serving DIR (default: the one the stack commands start).</summary>
internal static class CloudStopCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The cloud's data directory (default: $NUVOLA_HOME/cloud, else ./.nuvola/cloud).", DefaultValueFactory = _ => EmbeddedCloud.DataDirectory(StateLocation.Home()) };
        var command = new Command("stop", "Stop a running embedded cloud (SIGTERM, then wait for it to exit).") { dataDir };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var data = Path.GetFullPath(parse.GetValue(dataDir)!);
            var stopped = await EmbeddedCloud.StopAsync(data, TimeSpan.FromSeconds(30), cancellationToken);
            Console.WriteLine(stopped ? $"stopped the embedded cloud of {data}" : $"no embedded cloud runs for {data}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
