using System.Diagnostics;

namespace Nuvola.Cloud.Hypervisors.Namespaces.Images;

/// <summary>Long-running tools of the image cache (tar): an argument list, no shell line, a deadline of minutes not seconds.</summary>
internal static class Commands
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    /// <summary>Runs the command to its end; throws <see cref="HypervisorException"/> with what it said when it fails.</summary>
    public static async Task RunAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var info = Shell.StartInfo(file, arguments);
        using var process = Process.Start(info) ?? throw new HypervisorException("cannot start " + file);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await Shell.WaitAsync(process, info, Deadline, cancellationToken);
        await output;
        if (process.ExitCode != 0)
        {
            throw new HypervisorException($"{file}: {Tail(await error)}");
        }
    }

    /// <summary>Runs the command and hands its standard output to <paramref name="consume"/>; throws when the command fails.</summary>
    public static async Task<T> StreamAsync<T>(string file, IEnumerable<string> arguments, Func<Stream, Task<T>> consume, CancellationToken cancellationToken = default)
    {
        var info = Shell.StartInfo(file, arguments);
        using var process = Process.Start(info) ?? throw new HypervisorException("cannot start " + file);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        T result;
        try
        {
            result = await consume(process.StandardOutput.BaseStream);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await Shell.WaitAsync(process, info, Deadline, cancellationToken);
        return process.ExitCode == 0 ? result : throw new HypervisorException($"{file}: {Tail(await error)}");
    }

    private static string Tail(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.TakeLast(3));
    }
}
