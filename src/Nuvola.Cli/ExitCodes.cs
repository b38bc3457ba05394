namespace Nuvola.Cli;

/// <summary>The exit codes scripts can rely on (docs/cli.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int InvalidInput = 3;
}
