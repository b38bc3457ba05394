using System.Collections.Concurrent;
using System.Diagnostics;

namespace Nuvola.Cli.Tests;

/// <summary>The real `nuvola` program (built beside the tests) run as a child process, its output collected line by line.</summary>
internal sealed class NuvolaProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private NuvolaProcess(Process process) => _process = process;

    public IEnumerable<string> Output => _output;

    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    public static NuvolaProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nuvola.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        var wrapper = new NuvolaProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Add(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Add(e.Data);
        process.Start();
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
