using System.Collections.Concurrent;
using System.Diagnostics;

namespace Nuvola.Cli.Tests;

/// <summary>The real `nuvola` program (built beside the tests) run as a child process, its output collected line by line.</summary>
internal sealed class NuvolaProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _stdout = new();

    private NuvolaProcess(Process process) => _process = process;

    public IEnumerable<string> Output => _output;

    /// <summary>Standard output only (for JSON and YAML documents); stderr lines are in <see cref="Output"/> too.</summary>
    public string StandardOutput => string.Join('\n', _stdout);

    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: the process ends at once, with no chance to record or clean anything.</summary>
    public void KillHard() => _process.Kill();

    /// <summary>SIGTERM: the process stops cleanly.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
        }
    }

    public static NuvolaProcess Start(params string[] args) => Start(new Dictionary<string, string?>(), args);

    /// <summary>
    /// Starts nuvola with <paramref name="environment"/> on top of ours, minus every OS_* variable (so that only the
    /// test decides which cloud is used), and with stdin a closed pipe (never a terminal).
    /// </summary>
    public static NuvolaProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args) => StartWithInput(environment, null, args);

    /// <summary>As <see cref="Start(IReadOnlyDictionary{string, string?}, string[])"/>, with <paramref name="input"/> written to stdin before it is closed.</summary>
    public static NuvolaProcess StartWithInput(IReadOnlyDictionary<string, string?> environment, string? input, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nuvola.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        var wrapper = new NuvolaProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            wrapper.Add(e.Data);
            if (e.Data is not null)
            {
                wrapper._stdout.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => wrapper.Add(e.Data);
        process.Start();
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Polls the output until a line matches, or fails after the deadline.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            if (_output.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("expected output did not appear; output was:\n" + string.Join('\n', _output));
    }

    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var cancel = new CancellationTokenSource(deadline);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>Runs nuvola to its end and returns it (exit code and output), failing after <paramref name="deadline"/>.</summary>
    public static async Task<NuvolaProcess> RunAsync(IReadOnlyDictionary<string, string?> environment, TimeSpan deadline, params string[] args)
    {
        var process = Start(environment, args);
        await process.WaitForExitAsync(deadline);
        return process;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
