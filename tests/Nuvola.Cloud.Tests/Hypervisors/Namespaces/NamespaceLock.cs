using System.Diagnostics;

namespace Nuvola.Cloud.Tests.Hypervisors.Namespaces;

/// <summary>
/// /tmp/nuvola-namespace.lock, the lock every run of a namespace-hypervisor cloud on this machine holds (the
/// conformance scripts take it with flock(1)): .NET opens a file with FileShare.None under an exclusive flock, so the
/// two agree. Polled with a deadline.
/// </summary>
internal static class NamespaceLock
{
    public const string Path = "/tmp/nuvola-namespace.lock";

    public static async Task<IDisposable> AcquireAsync(TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.Elapsed < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
