using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Networking;

/// <summary>
/// Opens a listening TCP socket inside a network namespace the cloud created, so the cloud serves it without any route
/// between the namespace and the host: the socket is made with plain system calls (socket, bind, listen) on a thread
/// that entered the namespace (<see cref="NetnsThread"/>), and stays in the namespace it was made in.
/// </summary>
public static partial class NetnsSocket
{
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
        var fd = NetnsThread.Run(netns, () =>
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
        var fd = NetnsThread.Run(netns, () =>
        {
            var made = SocketCall(AfInet, SockStream | SockCloexec, 0);
            return made < 0 ? (-1, "socket: errno " + Marshal.GetLastPInvokeError()) : (made, null);
        }, $"cannot open a socket in {netns}");
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

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
