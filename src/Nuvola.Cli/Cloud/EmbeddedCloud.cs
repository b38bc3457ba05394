using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Cli.Stacks;
using Nuvola.Engine.State;

namespace Nuvola.Cli.Cloud;

/// <summary>
/// The embedded cloud the stack commands use when no cloud is configured: the one serving
/// <c>$NUVOLA_HOME/cloud</c> (default <c>./.nuvola/cloud</c>), found through the <c>endpoint.json</c> that
/// <c>nuvola cloud serve</c> writes into its data directory while it runs, or started for the purpose as a detached
/// process (own session, 127.0.0.1, any free port, log in <c>serve.log</c> beside its data) that keeps running
/// after the command; <c>nuvola cloud stop</c> stops it.
/// </summary>
internal static class EmbeddedCloud
{
    /// <summary>The clouds.yaml entry the stack commands use on the embedded cloud (project demo, a member).</summary>
    public const string CloudName = "demo";

    public const string EndpointFile = "endpoint.json";

    public const string LogFile = "serve.log";

    public const string TimeoutVariable = "NUVOLA_EMBEDDED_TIMEOUT";

    /// <summary>The embedded cloud's data directory under <paramref name="home"/>.</summary>
    public static string DataDirectory(string home) => Path.Combine(home, "cloud");

    /// <summary>Where a running cloud answers.</summary>
    public sealed record Endpoint(string Url, int ProcessId, string DataDirectory)
    {
        public string CloudsFile => Path.Combine(DataDirectory, Nuvola.Cloud.Hosting.ClientConfigWriter.CloudsFile);
    }

    /// <summary>Written by `cloud serve` once it listens (atomically: a reader never sees half a file).</summary>
    public static void WriteEndpoint(string dataDirectory, string url)
    {
        var document = new JsonObject { ["url"] = url, ["pid"] = Environment.ProcessId }.ToJsonString();
        var path = Path.Combine(dataDirectory, EndpointFile);
        var temporary = path + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(temporary, document);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removed by `cloud serve` when it stops, if the file is still its own.</summary>
    public static void RemoveEndpoint(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, EndpointFile);
        if (Read(dataDirectory) is { } endpoint && endpoint.ProcessId == Environment.ProcessId)
        {
            File.Delete(path);
        }
    }

    public static Endpoint? Read(string dataDirectory)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDirectory, EndpointFile)));
            var root = document.RootElement;
            return new Endpoint(root.GetProperty("url").GetString()!, root.GetProperty("pid").GetInt32(), Path.GetFullPath(dataDirectory));
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The cloud serving <paramref name="dataDirectory"/> if its process lives and its Identity API answers.</summary>
    public static async Task<Endpoint?> FindRunningAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        if (Read(dataDirectory) is not { } endpoint || !IsAlive(endpoint.ProcessId))
        {
            return null;
        }

        return await AnswersAsync(endpoint.Url, cancellationToken) ? endpoint : null;
    }

    /// <summary>The running embedded cloud of <paramref name="home"/>, started first when none runs.</summary>
    public static async Task<Endpoint> EnsureAsync(string home, TextWriter log, CancellationToken cancellationToken)
    {
        var data = DataDirectory(home);
        PrivateFiles.Directory(home);
        PrivateFiles.Directory(data);
        if (await FindRunningAsync(data, cancellationToken) is { } running)
        {
            return running;
        }

        var deadline = Stopwatch.StartNew();
        var timeout = TimeSpan.FromSeconds(Environment.GetEnvironmentVariable(TimeoutVariable) is { } t && int.TryParse(t, out var s) ? s : 120);
        using var gate = await LockAsync(Path.Combine(data, ".start.lock"), timeout, cancellationToken);
        if (await FindRunningAsync(data, cancellationToken) is { } startedMeanwhile)
        {
            return startedMeanwhile;
        }

        var logFile = Path.Combine(data, LogFile);
        await log.WriteLineAsync($"nuvola: no cloud configured (--cloud, OS_CLOUD, OS_AUTH_URL): starting the embedded cloud in {data} (log: {logFile})");
        using var process = Start(data, logFile);
        while (deadline.Elapsed < timeout)
        {
            if (Read(data) is { } endpoint && endpoint.ProcessId == process.Id && await AnswersAsync(endpoint.Url, cancellationToken) &&
                File.Exists(endpoint.CloudsFile))
            {
                await log.WriteLineAsync($"nuvola: the embedded cloud answers on {endpoint.Url} (pid {endpoint.ProcessId}; stop it with: nuvola cloud stop)");
                return endpoint;
            }

            if (process.HasExited)
            {
                throw new CliException(ExitCodes.CloudUnavailable, $"the embedded cloud exited at start (code {process.ExitCode}); last lines of {logFile}:\n{Tail(logFile)}");
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new CliException(ExitCodes.CloudUnavailable, $"the embedded cloud did not answer within {timeout.TotalSeconds:0} s; see {logFile}:\n{Tail(logFile)}");
    }

    /// <summary>SIGTERMs the cloud serving <paramref name="dataDirectory"/> and waits for it to exit; false when none ran.</summary>
    public static async Task<bool> StopAsync(string dataDirectory, TimeSpan deadline, CancellationToken cancellationToken)
    {
        if (Read(dataDirectory) is not { } endpoint || !IsAlive(endpoint.ProcessId))
        {
            return false;
        }

        using var process = Process.GetProcessById(endpoint.ProcessId);
        using (var kill = Process.Start("kill", ["-TERM", endpoint.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        while (IsAlive(endpoint.ProcessId) && clock.Elapsed < deadline)
        {
            await Task.Delay(100, cancellationToken);
        }

        if (IsAlive(endpoint.ProcessId))
        {
            throw new CliException(ExitCodes.Failure, $"the embedded cloud (pid {endpoint.ProcessId}) did not stop within {deadline.TotalSeconds:0} s of SIGTERM");
        }

        return true;
    }

    // The same program (apphost, or dotnet + nuvola.dll) as `cloud serve`, in its own session with no terminal and
    // none of our file descriptors, so that it outlives this command and a Ctrl-C here does not reach it.
    private static Process Start(string data, string logFile)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("""
            if command -v setsid >/dev/null 2>&1; then set -- setsid "$@"; fi
            exec "$@" </dev/null >>"$NUVOLA_SERVE_LOG" 2>&1
            """);
        info.ArgumentList.Add("nuvola-embedded-cloud");
        var program = Environment.ProcessPath ?? "dotnet";
        info.ArgumentList.Add(program);
        if (Path.GetFileNameWithoutExtension(program) == "dotnet")
        {
            info.ArgumentList.Add(typeof(EmbeddedCloud).Assembly.Location);
        }

        foreach (var arg in (string[])["cloud", "serve", "--port", "0", "--data-dir", data])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["NUVOLA_SERVE_LOG"] = logFile;
        return Process.Start(info) ?? throw new CliException(ExitCodes.CloudUnavailable, "cannot start the embedded cloud");
    }

    private static async Task<bool> AnswersAsync(string url, CancellationToken cancellationToken)
    {
        if (!url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
        {
            return false;
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url + "/identity/v3", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task<FileStream> LockAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static string Tail(string file)
    {
        try
        {
            return string.Join('\n', File.ReadLines(file).TakeLast(20));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }
}
