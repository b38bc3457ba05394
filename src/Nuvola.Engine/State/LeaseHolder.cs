using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Nuvola.Engine.State;

/// <summary>
/// Who holds a stack's lock, written as "PROGRAM on HOST (pid N)", so that a later run on the same host can tell that
/// the holder was killed (kill -9, a crash, a reboot) and take the lock over at once instead of waiting for the lease
/// to expire. A holder on another host, or one whose process still runs, is never taken over before expiry.
/// </summary>
public static partial class LeaseHolder
{
    /// <summary>The holder string for this process.</summary>
    public static string ForThisProcess(string program = "nuvola") =>
        string.Create(CultureInfo.InvariantCulture, $"{program} on {Environment.MachineName} (pid {Environment.ProcessId})");

    /// <summary>True when <paramref name="holder"/> names a process of this host that no longer runs.</summary>
    public static bool IsDeadLocalProcess(string holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var match = Pattern().Match(holder);
        if (!match.Success || !string.Equals(match.Groups["host"].Value, Environment.MachineName, StringComparison.Ordinal) ||
            !int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        if (pid == Environment.ProcessId)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    [GeneratedRegex(@" on (?<host>\S+) \(pid (?<pid>\d+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
