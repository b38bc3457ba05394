using System.CommandLine;
using Nuvola.Cli.Stacks;

namespace Nuvola.Cli.Cloud;

/// <summary>
/// `nuvola cloud start`: makes sure the embedded cloud of $NUVOLA_HOME runs (started detached when it does not, as
/// `deploy` does when no cloud is configured) and prints where it answers.
/// </summary>
internal static class CloudStartCommand
{
    public static Command Create()
    {
        var command = new Command("start", "Start the embedded cloud of $NUVOLA_HOME (else ./.nuvola) in the background unless it runs; print its URL and clouds.yaml.");
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var endpoint = await EmbeddedCloud.EnsureAsync(StateLocation.Home(), Console.Error, cancellationToken);
            await Console.Out.WriteLineAsync($"""
                url: {endpoint.Url}
                pid: {endpoint.ProcessId}
                clouds.yaml: {endpoint.CloudsFile}
                """);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
