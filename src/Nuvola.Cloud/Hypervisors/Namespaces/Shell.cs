using System.Diagnostics;

namespace Nuvola.Cloud.Hypervisors.Namespaces;

/// <summary>Runs the machine's tools (ip, nft, mount, losetup…) with an argument list (never through a shell line) and a deadline.</summary>
public static class Shell
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>The result of one command.</summary>
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public bool Ok => ExitCode == 0;
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> arguments, string? input = null, CancellationToken cancellationToken = default)
    {
        var info = StartInfo(file, arguments, redirectInput: input is not null);
        using var process = Process.Start(info) ?? throw new HypervisorException("cannot start " + file);
        if (input is not null)
        {
            try
            {
                await process.StandardInput.WriteAsync(input);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The command ended before reading its input (nsenter into a namespace being made or removed): its
                // exit status and error output say why.
            }
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await WaitAsync(process, info, Deadline, cancellationToken);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>A start of <paramref name="file"/> with an argument list (no shell line), its output and error redirected.</summary>
    internal static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>Waits for the process to end; past <paramref name="deadline"/> kills it (and its children) and throws
    /// <see cref="HypervisorException"/> naming the command.</summary>
    internal static async Task WaitAsync(Process process, ProcessStartInfo info, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(deadline);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            var limit = deadline.TotalMinutes >= 1 ? $"{deadline.TotalMinutes} min" : $"{deadline.TotalSeconds} s";
            throw new HypervisorException($"{info.FileName} {string.Join(' ', info.ArgumentList)} did not finish in {limit}");
        }
    }

    public static Task<Result> RunAsync(string file, params string[] arguments) => RunAsync(file, arguments, null);

    /// <summary>Runs a command and throws <see cref="HypervisorException"/> with its error output when it fails.</summary>
    public static async Task<string> CheckAsync(string file, params string[] arguments)
    {
        var result = await RunAsync(file, arguments, null);
        return result.Ok ? result.Output : throw new HypervisorException($"{file} {string.Join(' ', arguments)}: {result.Error.Trim()}");
    }

    /// <summary>Sets a file's permission bits (no-op off Unix).</summary>
    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    /// <summary>Runs `ip` with the arguments; throws when it fails.</summary>
    public static Task<string> IpAsync(params string[] arguments) => CheckAsync("ip", arguments);

    /// <summary>Loads an nft script into a network namespace (null: the host's, never used for rules) in one transaction.</summary>
    public static async Task NftAsync(string? netns, string script)
    {
        // nsenter only enters the network namespace; `ip netns exec` would also make a mount namespace and remount /sys.
        var arguments = netns is null ? new List<string> { "-f", "-" } : ["--net=/run/netns/" + netns, "nft", "-f", "-"];
        var result = await RunAsync(netns is null ? "nft" : "nsenter", arguments, script);
        if (!result.Ok)
        {
            throw new HypervisorException("nft: " + result.Error.Trim());
        }
    }
}
