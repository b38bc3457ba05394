namespace Nuvola.Cli.Stacks;

/// <summary>A problem the command reports as one message and a documented exit code (docs/cli.md).</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
