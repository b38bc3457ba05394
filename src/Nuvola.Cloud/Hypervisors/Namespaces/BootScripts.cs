using System.Text;

namespace Nuvola.Cloud.Hypervisors.Namespaces;

/// <summary>
/// The scripts that boot an instance, written so that the boot forks as few processes as it can (each fork and exec is
/// milliseconds on a loaded 2-core machine). boot.sh (on the host, detached with setsid): sends its output to the
/// console log, records its pid and enters the instance's network namespace (nsenter), then unshare gives it new mount,
/// UTS, IPC and PID namespaces. stage1.sh (PID 1 of the new PID namespace) mounts everything in one `mount -a` over the
/// instance's fstab (the overlays, /proc, /sys, a private /dev with its own devpts, /run and /tmp, the config drive
/// read-only at /mnt/config), copies the boot tree the cloud prepared (device nodes, /run/sshd, /run/nuvola with
/// init.sh) in one `cp`, sets the hostname, then chroots into init.sh: sshd (its host key made by the cloud at first
/// boot, fingerprints on the console), the user data once, and a reaper loop. When PID 1 dies every process and mount
/// of the instance goes with it.
/// </summary>
public static class BootScripts
{
    /// <summary>The console line init writes once sshd listens (its pid file exists); the hypervisor waits for it or <see cref="SshdListening"/>.</summary>
    public const string ReadyMarker = "[nuvola-init] sshd is listening on port 22";

    /// <summary>What sshd itself logs (to the console: -e) as soon as it listens, before init's polling sees its pid file.</summary>
    public const string SshdListening = "Server listening on ";

    /// <summary>Whether a boot's console output says that sshd listens.</summary>
    public static bool Ready(string console) =>
        console.Contains(SshdListening, StringComparison.Ordinal) || console.Contains(ReadyMarker, StringComparison.Ordinal);

    public static string Boot(InstanceDirectory instance, string netns, IReadOnlyList<string>? cgroupProcs = null) => $"""
        #!/bin/sh
        exec </dev/null >>{Q(instance.Console)} 2>&1
        {string.Concat((cgroupProcs ?? []).Select(f => $"echo $$ > {Q(f)} || echo \"[nuvola] cannot join cgroup {f}\"; "))}echo $$ > {Q(instance.PidFile + ".new")} && mv {Q(instance.PidFile + ".new")} {Q(instance.PidFile)}
        exec nsenter --net={Q("/run/netns/" + netns)} unshare --mount --uts --ipc --pid --fork --kill-child --propagation private /bin/sh {Q(instance.Stage1Script)} {Q(instance.InstanceId)}
        """ + "\n";

    /// <summary>The instance's mounts in fstab form, in mount order (`mount -a -T` mounts them in one process); no /usr overlay when the image has its own /usr (null).</summary>
    public static string Fstab(InstanceDirectory instance, string imageRoot, string? usrLower)
    {
        var root = instance.MountPoint;
        var text = new StringBuilder();
        void Line(string source, string target, string type, string options) =>
            text.Append(F(source)).Append(' ').Append(F(target)).Append(' ').Append(type).Append(' ').Append(F(options)).Append(" 0 0\n");
        Line("overlay", root, "overlay", $"lowerdir={imageRoot},upperdir={instance.Upper},workdir={instance.Work}");
        if (usrLower is not null)
        {
            Line("overlay", root + "/usr", "overlay", $"lowerdir={usrLower},upperdir={instance.UsrUpper},workdir={instance.UsrWork},X-mount.mkdir");
        }

        Line("proc", root + "/proc", "proc", "defaults");
        Line("sysfs", root + "/sys", "sysfs", "defaults");
        Line("tmpfs", root + "/dev", "tmpfs", "mode=755,size=16m");
        Line("devpts", root + "/dev/pts", "devpts", "newinstance,ptmxmode=0666,mode=620,X-mount.mkdir");
        Line("tmpfs", root + "/run", "tmpfs", "mode=755,size=64m");
        Line("tmpfs", root + "/tmp", "tmpfs", "mode=1777");
        Line(instance.ConfigDrive, root + "/mnt/config", "none", "bind,ro,X-mount.mkdir");
        return text.ToString();
    }

    public static string Stage1(InstanceDirectory instance, string hostName, IReadOnlyList<(string Device, string Node)> devices)
    {
        var script = new StringBuilder($"""
            #!/bin/sh
            set -e
            R={Q(instance.MountPoint)}
            echo "[nuvola] starting instance $1"
            mount -a -T {Q(instance.Fstab)}
            cp -a {Q(instance.BootTree + "/dev")} {Q(instance.BootTree + "/run")} "$R/"

            """);
        foreach (var (device, node) in devices)
        {
            script.Append("[ ! -b ").Append(Q(node)).Append(" ] || cp -a ").Append(Q(node)).Append(" \"$R").Append(device).Append("\"\n");
        }

        script.Append("echo ").Append(Q(hostName)).Append(" > /proc/sys/kernel/hostname\n");
        script.Append("exec chroot \"$R\" /bin/sh /run/nuvola/init.sh\n");
        return script.ToString();
    }

    public static string Init(string instanceId) => $$"""
        #!/bin/sh
        export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
        cd /
        read -r host < /proc/sys/kernel/hostname
        echo "[nuvola-init] $host booting (instance {{instanceId}})"
        [ ! -f /run/nuvola/net ] || while read -r line; do echo "[nuvola-init] net: $line"; done < /run/nuvola/net
        [ -d /var/lib/nuvola ] || mkdir -p /var/lib/nuvola
        [ -d /root/.ssh ] || { mkdir -p /root/.ssh; chmod 700 /root/.ssh; }
        if [ ! -f /etc/ssh/ssh_host_ed25519_key ]; then
          ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
          ssh-keygen -l -f /etc/ssh/ssh_host_ed25519_key.pub > /run/nuvola/fingerprints
        fi
        if [ -f /run/nuvola/fingerprints ]; then
          echo "-----BEGIN SSH HOST KEY FINGERPRINTS-----"
          while read -r line; do echo "$line"; done < /run/nuvola/fingerprints
          echo "-----END SSH HOST KEY FINGERPRINTS-----"
        fi
        /usr/sbin/sshd -D -e -o HostKey=/etc/ssh/ssh_host_ed25519_key -o PermitRootLogin=prohibit-password -o UsePAM=no \
          -o PasswordAuthentication=no -o PidFile=/run/sshd.pid -o UseDNS=no &
        n=0
        while [ ! -s /run/sshd.pid ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
        echo "{{ReadyMarker}}"
        if [ -f /run/nuvola/user-data.sh ] && [ ! -e /var/lib/nuvola/user-data.done ]; then
          : > /var/lib/nuvola/user-data.done
          echo "[nuvola-init] running user data"
          chmod +x /run/nuvola/user-data.sh
          /run/nuvola/user-data.sh
          echo "[nuvola-init] user data finished (exit status $?)"
        fi
        echo "[nuvola-init] $host login:"
        trap 'kill -TERM -1; exit 0' TERM
        while :; do sleep 3600 & wait; done
        """ + "\n";

    private static string Q(string value) => UserDataScript.Quote(value);

    /// <summary>An fstab field: whitespace and backslashes as octal escapes.</summary>
    private static string F(string value) =>
        value.Replace("\\", "\\134", StringComparison.Ordinal).Replace(" ", "\\040", StringComparison.Ordinal)
            .Replace("\t", "\\011", StringComparison.Ordinal).Replace("\n", "\\012", StringComparison.Ordinal);
}
