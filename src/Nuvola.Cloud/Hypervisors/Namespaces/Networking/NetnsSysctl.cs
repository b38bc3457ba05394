using System.Runtime.InteropServices;
using System.Text;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Networking;

/// <summary>
/// Sets network sysctls (/proc/sys/net/...) of a network namespace the cloud created without starting a process
/// (`ip netns exec NS sysctl` is two execs): /proc/sys/net shows the namespace of the thread that opens it, so a
/// dedicated short-lived thread enters the namespace (setns), writes the files with plain system calls only (as
/// <see cref="NetnsSocket"/> does: nothing that could start a thread inheriting the namespace) and goes back.
/// </summary>
public static partial class NetnsSysctl
{
    private const int CloneNewNet = 0x40000000;
    private const int OWronly = 1;
    private const int OCloexec = 0x80000;

    /// <summary>Writes each value to its /proc/sys/net path inside <paramref name="netns"/>; throws when one fails.</summary>
    public static void Write(string netns, IReadOnlyList<(string Path, string Value)> settings)
    {
        var prepared = settings.Select(s => (Path: Encoding.UTF8.GetBytes(s.Path + "\0"), Value: Encoding.UTF8.GetBytes(s.Value))).ToArray();
        string? failure = null;
        using var own = File.OpenHandle("/proc/thread-self/ns/net", FileMode.Open, FileAccess.Read);
        using var target = File.OpenHandle("/run/netns/" + netns, FileMode.Open, FileAccess.Read);
        var ownFd = (int)own.DangerousGetHandle();
        var targetFd = (int)target.DangerousGetHandle();
        var failedAt = -1;
        var error = 0;
        var thread = new Thread(() =>
        {
            // Every call below is a plain system call; the thread returns to the host's namespace before it ends.
            if (SetNs(targetFd, CloneNewNet) != 0)
            {
                error = Marshal.GetLastPInvokeError();
                return;
            }

            try
            {
                for (var i = 0; i < prepared.Length; i++)
                {
                    var fd = Open(prepared[i].Path, OWronly | OCloexec);
                    var written = fd >= 0 ? WriteCall(fd, prepared[i].Value, prepared[i].Value.Length) : -1;
                    if (fd < 0 || written != prepared[i].Value.Length)
                    {
                        error = Marshal.GetLastPInvokeError();
                        failedAt = i;
                    }

                    if (fd >= 0)
                    {
                        Close(fd);
                    }

                    if (failedAt >= 0)
                    {
                        return;
                    }
                }
            }
            finally
            {
                SetNs(ownFd, CloneNewNet);
            }
        });
        thread.Start();
        thread.Join();
        if (error != 0 || failedAt >= 0)
        {
            failure = failedAt >= 0 ? settings[failedAt].Path : "setns";
            throw new HypervisorException($"cannot set {failure} in {netns}: errno {error}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int Open(byte[] path, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteCall(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
