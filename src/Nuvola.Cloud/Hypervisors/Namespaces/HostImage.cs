namespace Nuvola.Cloud.Hypervisors.Namespaces;

/// <summary>
/// The built-in image: a root file system made once from this machine's own system directories. /etc is copied (host
/// keys removed, every password locked to key-only "*"), the other top-level directories are empty, /bin, /sbin, /lib and
/// /lib64 follow /usr as on a merged-/usr Debian, and /usr itself is the host's /usr used read-only as a second lower
/// layer. Nothing is downloaded; every instance of the image shares it.
/// </summary>
public sealed class HostImage(string directory)
{
    private static readonly string[] EmptyDirectories = ["proc", "sys", "dev", "tmp", "run", "var/log", "var/tmp", "var/lib", "var/cache", "root", "home", "mnt", "srv", "opt", "usr"];
    private readonly SemaphoreSlim _building = new(1, 1);

    /// <summary>The upper part of the image (everything but /usr).</summary>
    public string RootDirectory => Path.Combine(directory, "rootfs");

    /// <summary>The lower layer of /usr: the host's own, read-only.</summary>
    public static string UsrDirectory => "/usr";

    public async Task EnsureAsync()
    {
        var marker = Path.Combine(directory, "complete");
        if (File.Exists(marker))
        {
            return;
        }

        await _building.WaitAsync();
        try
        {
            if (File.Exists(marker))
            {
                return;
            }

            var partial = RootDirectory + ".partial";
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            Directory.CreateDirectory(partial);
            foreach (var empty in EmptyDirectories)
            {
                Directory.CreateDirectory(Path.Combine(partial, empty));
            }

            Shell.SetMode(Path.Combine(partial, "tmp"), (UnixFileMode)0b1_111_111_111);
            Shell.SetMode(Path.Combine(partial, "root"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var link in new[] { "bin", "sbin", "lib", "lib64" })
            {
                if (Directory.Exists("/usr/" + link))
                {
                    File.CreateSymbolicLink(Path.Combine(partial, link), "usr/" + link);
                }
            }

            await Shell.CheckAsync("cp", "-a", "/etc", Path.Combine(partial, "etc"));
            foreach (var key in Directory.EnumerateFiles(Path.Combine(partial, "etc", "ssh"), "ssh_host_*"))
            {
                File.Delete(key);
            }

            LockPasswords(Path.Combine(partial, "etc", "shadow"));
            File.WriteAllText(Path.Combine(partial, "etc", "hostname"), "localhost\n");
            if (Directory.Exists(RootDirectory))
            {
                Directory.Delete(RootDirectory, recursive: true);
            }

            Directory.Move(partial, RootDirectory);
            File.WriteAllText(marker, DateTimeOffset.UtcNow.ToString("O") + "\n");
        }
        finally
        {
            _building.Release();
        }
    }

    /// <summary>Every account's password becomes "*": no password logs in, keys still do (sshd refuses only "!"-locked accounts).</summary>
    private static void LockPasswords(string shadow)
    {
        if (!File.Exists(shadow))
        {
            return;
        }

        var lines = File.ReadAllLines(shadow).Select(line =>
        {
            var fields = line.Split(':');
            if (fields.Length > 1)
            {
                fields[1] = "*";
            }

            return string.Join(':', fields);
        });
        File.WriteAllLines(shadow, lines);
    }
}
