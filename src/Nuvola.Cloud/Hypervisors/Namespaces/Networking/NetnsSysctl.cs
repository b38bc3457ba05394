using System.Runtime.InteropServices;
using System.Text;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Networking;

/// <summary>
/// Sets network sysctls (/proc/sys/net/...) of a network namespace the cloud created without starting a process
/// (`ip netns exec NS sysctl` is two execs): /proc/sys/net shows the namespace of the thread that opens it, so the files
/// are written with plain system calls on a thread that entered the namespace (<see cref="NetnsThread"/>).
/// </summary>
public static partial class NetnsSysctl
{
    private const int OWronly = 1;
    private const int OCloexec = 0x80000;

    /// <summary>Writes each value to its /proc/sys/net path inside <paramref name="netns"/>; throws when one fails.</summary>
    public static void Write(string netns, IReadOnlyList<(string Path, string Value)> settings)
    {
        var prepared = settings.Select(s => (Path: Encoding.UTF8.GetBytes(s.Path + "\0"), Value: Encoding.UTF8.GetBytes(s.Value))).ToArray();
        NetnsThread.Run(netns, () =>
        {
            for (var i = 0; i < prepared.Length; i++)
            {
                var fd = Open(prepared[i].Path, OWronly | OCloexec);
                var written = fd >= 0 ? WriteCall(fd, prepared[i].Value, prepared[i].Value.Length) : -1;
                var error = Marshal.GetLastPInvokeError();
                if (fd >= 0)
                {
                    Close(fd);
                }

                if (fd < 0 || written != prepared[i].Value.Length)
                {
                    return (-1, $"{settings[i].Path}: errno {error}");
                }
            }

            return (0, null);
        }, $"cannot set network sysctls in {netns}");
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int Open(byte[] path, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteCall(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
