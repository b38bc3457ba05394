using Nuvola.Engine.State;

namespace Nuvola.Cli.Stacks;

/// <summary>Runs a stack command's body and turns what it throws into a message on stderr and a documented exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body();
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"nuvola: {e.Message}");
            return e.ExitCode;
        }
        catch (StackLockedException e)
        {
            await Console.Error.WriteLineAsync($"nuvola: {e.Message}");
            return ExitCodes.StackLocked;
        }
        catch (StateException e)
        {
            await Console.Error.WriteLineAsync($"nuvola: state: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("nuvola: interrupted; run the same command again to resume");
            return ExitCodes.Interrupted;
        }
    }
}
