using System.Globalization;

namespace Nuvola.Cloud.Hypervisors.Namespaces;

/// <summary>Whether this machine can run namespace instances: root with CAP_SYS_ADMIN and CAP_NET_ADMIN, the tools, overlayfs.</summary>
public static class NamespaceSupport
{
    private static readonly string[] Tools = ["/usr/bin/unshare", "/usr/bin/nsenter", "/usr/sbin/ip", "/usr/sbin/nft", "/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/setsid"];

    /// <summary>Why namespace instances cannot run here; null when they can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not Linux";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "not running as root";
        }

        var capabilities = EffectiveCapabilities();
        if ((capabilities & (1UL << 12)) == 0)
        {
            return "no CAP_NET_ADMIN";
        }

        if ((capabilities & (1UL << 21)) == 0)
        {
            return "no CAP_SYS_ADMIN (needed for mounts and namespaces)";
        }

        if (Tools.FirstOrDefault(t => !File.Exists(t)) is { } missing)
        {
            return missing + " is missing (packages: util-linux, iproute2, nftables, openssh-server)";
        }

        if (!File.ReadAllText("/proc/filesystems").Contains("overlay", StringComparison.Ordinal))
        {
            return "no overlayfs in this kernel";
        }

        return null;
    }

    private static ulong EffectiveCapabilities()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        return line is null ? 0 : ulong.Parse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
