using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Networking;

/// <summary>
/// Opens a listening TCP socket inside a network namespace the cloud created, so the cloud serves it without any route
/// between the namespace and the host. A dedicated short-lived thread enters the namespace (setns), makes the socket with
/// plain system calls only (socket, bind, listen: no managed machinery that could start threads, which would inherit the
/// namespace), and goes back to its own namespace before anything else; the socket stays in the namespace it was made in.
/// </summary>
public static partial class NetnsSocket
{
    private const int CloneNewNet = 0x40000000;
    private const int AfInet = 2;
    private const int SockStream = 1;
    private const int SockCloexec = 0x80000;
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    /// <summary>A TCP socket listening on <paramref name="endPoint"/> inside <paramref name="netns"/>.</summary>
    public static Socket Listen(string netns, IPEndPoint endPoint)
    {
        var address = new byte[16];
        address[0] = AfInet;
        address[2] = (byte)(endPoint.Port >> 8);
        address[3] = (byte)endPoint.Port;
        endPoint.Address.GetAddressBytes().CopyTo(address, 4);
        var one = new[] { 1 };
        var fd = InNamespace(netns, () =>
        {
            var made = SocketCall(AfInet, SockStream | SockCloexec, 0);
            if (made >= 0 && (SetSockOpt(made, SolSocket, SoReuseAddr, one, sizeof(int)) != 0 || Bind(made, address, address.Length) != 0 || ListenCall(made, 64) != 0))
            {
                var errno = Marshal.GetLastPInvokeError();
                Close(made);
                return (-1, "socket/bind/listen: errno " + errno);
            }

            return made < 0 ? (-1, "socket: errno " + Marshal.GetLastPInvokeError()) : (made, null);
        }, $"cannot listen on {endPoint} in {netns}");
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    /// <summary>
    /// A TCP (IPv4) socket, not yet connected, made inside <paramref name="netns"/>: a socket belongs to the network
    /// namespace it was made in, so connecting it (from any thread) uses that namespace's interfaces and routes only.
    /// </summary>
    public static Socket Create(string netns)
    {
        var fd = InNamespace(netns, () =>
        {
            var made = SocketCall(AfInet, SockStream | SockCloexec, 0);
            return made < 0 ? (-1, "socket: errno " + Marshal.GetLastPInvokeError()) : (made, null);
        }, $"cannot open a socket in {netns}");
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    // Runs make() on a dedicated thread that has entered netns; every call make() does must be a plain system call.
    private static int InNamespace(string netns, Func<(int Fd, string? Failure)> make, string what)
    {
        int fd = -1;
        string? failure = null;
        using var own = File.OpenHandle("/proc/thread-self/ns/net", FileMode.Open, FileAccess.Read);
        using var target = File.OpenHandle("/run/netns/" + netns, FileMode.Open, FileAccess.Read);
        var ownFd = (int)own.DangerousGetHandle();
        var targetFd = (int)target.DangerousGetHandle();
        var thread = new Thread(() =>
        {
            // The thread returns to the host's namespace before it ends.
            if (SetNs(targetFd, CloneNewNet) != 0)
            {
                failure = "setns: errno " + Marshal.GetLastPInvokeError();
                return;
            }

            try
            {
                (fd, failure) = make();
            }
            finally
            {
                SetNs(ownFd, CloneNewNet);
            }
        });
        thread.Start();
        thread.Join();
        return fd >= 0 ? fd : throw new HypervisorException($"{what}: {failure}");
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int SocketCall(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, int[] value, int length);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int Bind(int fd, byte[] address, int length);

    [LibraryImport("libc", EntryPoint = "listen", SetLastError = true)]
    private static partial int ListenCall(int fd, int backlog);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
