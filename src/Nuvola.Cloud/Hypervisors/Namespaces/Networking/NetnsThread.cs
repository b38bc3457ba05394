using System.Runtime.InteropServices;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Networking;

/// <summary>
/// Runs a few plain system calls inside a network namespace the cloud created: a dedicated short-lived thread enters
/// the namespace (setns), runs them, and goes back to its own namespace before it ends. What it runs must be plain
/// system calls only (no managed machinery that could start a thread, which would inherit the namespace). Sockets made
/// there stay in that namespace (<see cref="NetnsSocket"/>); /proc/sys/net opened there shows it (<see cref="NetnsSysctl"/>).
/// </summary>
internal static partial class NetnsThread
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>Runs <paramref name="work"/> inside <paramref name="netns"/>; returns its non-negative result, or throws
    /// <see cref="HypervisorException"/> "<paramref name="what"/>: failure" when it (or setns) fails.</summary>
    public static int Run(string netns, Func<(int Result, string? Failure)> work, string what)
    {
        int result = -1;
        string? failure = null;
        using var own = File.OpenHandle("/proc/thread-self/ns/net", FileMode.Open, FileAccess.Read);
        using var target = File.OpenHandle("/run/netns/" + netns, FileMode.Open, FileAccess.Read);
        var ownFd = (int)own.DangerousGetHandle();
        var targetFd = (int)target.DangerousGetHandle();
        var thread = new Thread(() =>
        {
            if (SetNs(targetFd, CloneNewNet) != 0)
            {
                failure = "setns: errno " + Marshal.GetLastPInvokeError();
                return;
            }

            try
            {
                (result, failure) = work();
            }
            finally
            {
                SetNs(ownFd, CloneNewNet);
            }
        });
        thread.Start();
        thread.Join();
        return result >= 0 ? result : throw new HypervisorException($"{what}: {failure}");
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
