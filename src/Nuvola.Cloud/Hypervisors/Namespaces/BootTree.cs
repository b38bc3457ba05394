using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Nuvola.Cloud.Hypervisors.Namespaces;

/// <summary>
/// What the cloud prepares on the host before each boot so that stage1.sh needs one `cp` instead of a process per file:
/// DATA/.../ID/boot/dev (the device nodes an instance gets — null, zero, full, random, urandom, tty — made with mknod
/// once, /dev/ptmx → pts/ptmx, /dev/shm) and boot/run (/run/sshd, /run/nuvola with init.sh, the user data, the
/// addresses for the console, the host key fingerprints of a first boot). Also the instance's SSH host key, made on the
/// host at first boot while the network is plumbed (ed25519, `ssh-keygen`) rather than inside the instance's boot.
/// </summary>
public static partial class BootTree
{
    private const uint CharacterDevice = 0x2000;
    private static readonly (string Name, uint Major, uint Minor)[] Devices =
        [("null", 1, 3), ("zero", 1, 5), ("full", 1, 7), ("random", 1, 8), ("urandom", 1, 9), ("tty", 5, 0)];

    private const UnixFileMode Directory755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Writes boot/dev when missing and boot/run afresh.</summary>
    public static void Write(InstanceDirectory instance, string initScript, IEnumerable<string> addresses)
    {
        var dev = Path.Combine(instance.BootTree, "dev");
        if (!File.Exists(Path.Combine(dev, "tty")))
        {
            Directory.CreateDirectory(dev);
            Shell.SetMode(dev, Directory755);
            foreach (var (name, major, minor) in Devices)
            {
                var node = Path.Combine(dev, name);
                File.Delete(node);
                if (MakeNode(Encoding.UTF8.GetBytes(node + "\0"), CharacterDevice | 0b110_110_110, (ulong)(major << 8 | minor)) != 0)
                {
                    throw new HypervisorException($"mknod {node}: errno {Marshal.GetLastPInvokeError()}");
                }

                Shell.SetMode(node, (UnixFileMode)0b110_110_110);
            }

            Directory.CreateDirectory(Path.Combine(dev, "shm"));
            Shell.SetMode(Path.Combine(dev, "shm"), (UnixFileMode)0b1_111_111_111);
            if (!File.Exists(Path.Combine(dev, "ptmx")))
            {
                File.CreateSymbolicLink(Path.Combine(dev, "ptmx"), "pts/ptmx");
            }
        }

        var run = Path.Combine(instance.BootTree, "run");
        if (Directory.Exists(run))
        {
            Directory.Delete(run, recursive: true);
        }

        var nuvola = Path.Combine(run, "nuvola");
        Directory.CreateDirectory(Path.Combine(run, "sshd"));
        Directory.CreateDirectory(nuvola);
        foreach (var directory in new[] { run, Path.Combine(run, "sshd"), nuvola })
        {
            Shell.SetMode(directory, Directory755);
        }

        File.WriteAllText(Path.Combine(nuvola, "init.sh"), initScript);
        File.WriteAllLines(Path.Combine(nuvola, "net"), addresses);
        if (File.Exists(instance.UserDataScript))
        {
            File.Copy(instance.UserDataScript, Path.Combine(nuvola, "user-data.sh"));
        }

        if (File.Exists(instance.PendingFingerprints))
        {
            File.Move(instance.PendingFingerprints, Path.Combine(nuvola, "fingerprints"));
        }
    }

    /// <summary>
    /// Makes the instance's ed25519 host key in its upper layer (/etc/ssh/ssh_host_ed25519_key) unless it has one, and
    /// keeps its fingerprint line (as `ssh-keygen -l` prints it) for the console of the boot.
    /// </summary>
    public static async Task MakeHostKeyAsync(InstanceDirectory instance, string hostName)
    {
        var ssh = Path.Combine(instance.Upper, "etc", "ssh");
        var key = Path.Combine(ssh, "ssh_host_ed25519_key");
        if (File.Exists(key))
        {
            return;
        }

        Directory.CreateDirectory(ssh);
        await Shell.CheckAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", "root@" + hostName, "-f", key);
        if (Fingerprint(await File.ReadAllTextAsync(key + ".pub")) is { } line)
        {
            await File.WriteAllTextAsync(instance.PendingFingerprints, line + "\n");
        }
    }

    /// <summary>The `ssh-keygen -l` line of an OpenSSH ed25519 public key ("256 SHA256:… comment (ED25519)"); null when it is not one.</summary>
    public static string? Fingerprint(string publicKey)
    {
        var fields = publicKey.Trim().Split(' ', 3);
        if (fields.Length < 2 || fields[0] != "ssh-ed25519")
        {
            return null;
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(fields[1]);
        }
        catch (FormatException)
        {
            return null;
        }

        var hash = Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');
        var comment = fields.Length > 2 ? fields[2] : "no comment";
        return $"256 SHA256:{hash} {comment} (ED25519)";
    }

    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true)]
    private static partial int MakeNode(byte[] path, uint mode, ulong device);
}
