namespace Nuvola.Cli;

/// <summary>The exit codes scripts can rely on (docs/cli.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Failure at run time: a deploy or destroy that failed (rolled back or not), an I/O error.</summary>
    public const int Failure = 1;

    public const int Usage = 2;

    /// <summary>Invalid input: a template, environment or parameter with errors, or a plan with errors.</summary>
    public const int InvalidInput = 3;

    /// <summary>destroy was not confirmed: no --yes and stdin is not a terminal, or the answer was not "yes".</summary>
    public const int NotConfirmed = 4;

    /// <summary>The named stack does not exist in the state.</summary>
    public const int StackNotFound = 5;

    /// <summary>Another run holds the stack's lock.</summary>
    public const int StackLocked = 6;

    /// <summary>The cloud cannot be used: unreachable, authentication refused, or the embedded cloud did not start.</summary>
    public const int CloudUnavailable = 7;

    /// <summary>Interrupted (Ctrl-C or SIGTERM) while applying; running the same command again resumes.</summary>
    public const int Interrupted = 130;
}
