using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Nuvola.Engine.Tests.State;

/// <summary>
/// A private PostgreSQL server for the tests: initdb in a temporary directory, pg_ctl start on 127.0.0.1 at a
/// free port (socket in the same directory), trust authentication for the user "nuvola", stopped and removed
/// when disposed. The binaries come from the Debian package postgresql (/usr/lib/postgresql/VERSION/bin), which
/// scripts/ensure-packages.sh installs (test.sh runs it). PostgreSQL refuses to run as root: when the tests run
/// as root, the server runs as the "postgres" system user (created by the package) through runuser, and the
/// temporary directory is given to that user.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string? _dir;
    private string? _bin;

    public string ConnectionString { get; private set; } = string.Empty;

    public string DataDirectory => Path.Combine(_dir!, "data");

    public async Task InitializeAsync()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (_bin is null)
        {
            throw new InvalidOperationException(
                "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: the PostgreSQL state tests " +
                "need a real server. Install the Debian package 'postgresql' (scripts/ensure-packages.sh does, and " +
                "test.sh runs it).");
        }

        _dir = Path.Combine(Path.GetTempPath(), "nuvola-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_dir);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", _dir]);
        }

        var port = FreePort();
        await RunPgAsync(asRoot, "initdb", ["-D", DataDirectory, "-U", "nuvola", "-A", "trust", "-E", "UTF8", "--no-sync"]);
        await RunPgAsync(asRoot, "pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {_dir} -h 127.0.0.1 -c fsync=off", "start"]);
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=nuvola;Database=postgres;Pooling=true";
    }

    public async Task DisposeAsync()
    {
        if (_dir is null || _bin is null)
        {
            return;
        }

        try
        {
            await RunPgAsync(Environment.UserName == "root", "pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private Task RunPgAsync(bool asRoot, string tool, string[] args) =>
        asRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin!, tool), .. args])
            : RunAsync(Path.Combine(_bin!, tool), args);

    private static async Task RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}{await stdout}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
