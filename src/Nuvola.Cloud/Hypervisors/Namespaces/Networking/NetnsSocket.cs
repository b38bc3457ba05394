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

    public static Socket Listen(string netns, IPEndPoint endPoint)
    {
        var address = new byte[16];
        address[0] = AfInet;
        address[2] = (byte)(endPoint.Port >> 8);
        address[3] = (byte)endPoint.Port;
        endPoint.Address.GetAddressBytes().CopyTo(address, 4);
        var one = new[] { 1 };
        int fd = -1;
        string? failure = null;
        using var own = File.OpenHandle("/proc/thread-self/ns/net", FileMode.Open, FileAccess.Read);
        using var target = File.OpenHandle("/run/netns/" + netns, FileMode.Open, FileAccess.Read);
        var ownFd = (int)own.DangerousGetHandle();
        var targetFd = (int)target.DangerousGetHandle();
        var thread = new Thread(() =>
        {
            // Every call below is a plain system call; the thread returns to the host's namespace before it ends.
            if (SetNs(targetFd, CloneNewNet) != 0)
            {
                failure = "setns: errno " + Marshal.GetLastPInvokeError();
                return;
            }

            try
            {
                fd = SocketCall(AfInet, SockStream | SockCloexec, 0);
                if (fd < 0 || SetSockOpt(fd, SolSocket, SoReuseAddr, one, sizeof(int)) != 0 || Bind(fd, address, address.Length) != 0 || ListenCall(fd, 64) != 0)
                {
                    failure = "socket/bind/listen: errno " + Marshal.GetLastPInvokeError();
                    if (fd >= 0)
                    {
                        Close(fd);
                        fd = -1;
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
        if (fd < 0)
        {
            throw new HypervisorException($"cannot listen on {endPoint} in {netns}: {failure}");
        }

        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
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
