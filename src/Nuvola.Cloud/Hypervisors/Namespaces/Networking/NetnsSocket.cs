using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Networking;

/// <summary>
/// Opens a listening TCP socket inside a network namespace the cloud created: a short-lived thread enters the namespace
/// (setns), binds and listens, and ends; the socket stays in that namespace, so the cloud serves it without any route
/// between the namespace and the host.
/// </summary>
public static partial class NetnsSocket
{
    private const int CloneNewNet = 0x40000000;

    public static Socket Listen(string netns, IPEndPoint endPoint)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle("/run/netns/" + netns, FileMode.Open, FileAccess.Read);
                if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new HypervisorException($"setns({netns}) failed: errno {Marshal.GetLastPInvokeError()}");
                }

                var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                listener.Bind(endPoint);
                listener.Listen(64);
                socket = listener;
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new HypervisorException($"cannot listen on {endPoint} in {netns}: {failure?.Message}");
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
