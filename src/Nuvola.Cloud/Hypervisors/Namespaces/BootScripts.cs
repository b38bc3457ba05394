using System.Text;

namespace Nuvola.Cloud.Hypervisors.Namespaces;

/// <summary>
/// The three scripts that boot an instance. boot.sh (on the host, detached with setsid): sends its output to the console
/// log, records its pid and enters the instance's network namespace, then unshare gives it new mount, UTS, IPC and PID
/// namespaces. stage1.sh (PID 1 of the new PID namespace): mounts the overlays, /proc, a private /dev with its own
/// devpts, /run and /tmp, the config drive read-only at /mnt/config, sets the hostname, then chroots into the root file
/// system and runs init.sh there: sshd (a fresh host key on first boot), the user data once, and a reaper loop. When
/// PID 1 dies every process and mount of the instance goes with it.
/// </summary>
public static class BootScripts
{
    /// <summary>The console line init writes once sshd listens; the hypervisor waits for it.</summary>
    public const string ReadyMarker = "[nuvola-init] sshd is listening on port 22";

    public static string Boot(InstanceDirectory instance, string netns, IReadOnlyList<string>? cgroupProcs = null) => $"""
        #!/bin/sh
        exec </dev/null >>{Q(instance.Console)} 2>&1
        {string.Concat((cgroupProcs ?? []).Select(f => $"echo $$ > {Q(f)} || echo \"[nuvola] cannot join cgroup {f}\"; "))}echo $$ > {Q(instance.PidFile + ".new")} && mv {Q(instance.PidFile + ".new")} {Q(instance.PidFile)}
        exec ip netns exec {Q(netns)} unshare --mount --uts --ipc --pid --fork --kill-child --propagation private /bin/sh {Q(instance.Stage1Script)} {Q(instance.InstanceId)}
        """ + "\n";

    public static string Stage1(InstanceDirectory instance, string imageRoot, string? usrLower, string hostName, IReadOnlyList<(string Device, string Node)> devices)
    {
        var root = instance.MountPoint;
        var script = new StringBuilder($"""
            #!/bin/sh
            set -e
            R={Q(root)}
            echo "[nuvola] starting instance $1"
            mount -t overlay overlay -o lowerdir={Q(imageRoot)},upperdir={Q(instance.Upper)},workdir={Q(instance.Work)} "$R"
            {(usrLower is null ? "" : $"mount -t overlay overlay -o lowerdir={Q(usrLower)},upperdir={Q(instance.UsrUpper)},workdir={Q(instance.UsrWork)} \"$R/usr\"")}
            mount -t proc proc "$R/proc"
            mount -t sysfs sysfs "$R/sys" || true
            mount -t tmpfs -o mode=755,size=16m tmpfs "$R/dev"
            for d in null zero full random urandom tty; do touch "$R/dev/$d"; mount --bind "/dev/$d" "$R/dev/$d"; done
            mkdir -p "$R/dev/pts" "$R/dev/shm"
            mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$R/dev/pts"
            ln -sf pts/ptmx "$R/dev/ptmx"
            mount -t tmpfs -o mode=755,size=64m tmpfs "$R/run"
            mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"
            mkdir -p "$R/mnt/config" "$R/run/nuvola"
            mount --bind {Q(instance.ConfigDrive)} "$R/mnt/config"
            mount -o remount,bind,ro "$R/mnt/config"
            cp {Q(instance.InitScript)} "$R/run/nuvola/init.sh"
            [ ! -f {Q(instance.UserDataScript)} ] || cp {Q(instance.UserDataScript)} "$R/run/nuvola/user-data.sh"

            """);
        foreach (var (device, node) in devices)
        {
            script.Append("[ ! -b ").Append(Q(node)).Append(" ] || cp -a ").Append(Q(node)).Append(" \"$R").Append(device).Append("\"\n");
        }

        script.Append("hostname ").Append(Q(hostName)).Append('\n');
        script.Append("exec chroot \"$R\" /bin/sh /run/nuvola/init.sh\n");
        return script.ToString();
    }

    public static string Init(string instanceId) => $$"""
        #!/bin/sh
        export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
        cd /
        echo "[nuvola-init] $(hostname) booting (instance {{instanceId}})"
        ip -o -4 addr show | while read -r _ dev _ addr _; do echo "[nuvola-init] net: $dev $addr"; done
        mkdir -p /run/sshd /var/lib/nuvola /root/.ssh
        chmod 700 /root/.ssh
        if [ ! -f /etc/ssh/ssh_host_ed25519_key ]; then
          ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
          echo "-----BEGIN SSH HOST KEY FINGERPRINTS-----"
          ssh-keygen -l -f /etc/ssh/ssh_host_ed25519_key.pub
          echo "-----END SSH HOST KEY FINGERPRINTS-----"
        fi
        /usr/sbin/sshd -D -e -o HostKey=/etc/ssh/ssh_host_ed25519_key -o PermitRootLogin=prohibit-password -o UsePAM=no \
          -o PasswordAuthentication=no -o PidFile=/run/sshd.pid -o UseDNS=no &
        n=0
        while [ ! -s /run/sshd.pid ] && [ $n -lt 500 ]; do sleep 0.01; n=$((n + 1)); done
        echo "{{ReadyMarker}}"
        if [ -f /run/nuvola/user-data.sh ] && [ ! -e /var/lib/nuvola/user-data.done ]; then
          touch /var/lib/nuvola/user-data.done
          echo "[nuvola-init] running user data"
          chmod +x /run/nuvola/user-data.sh
          /run/nuvola/user-data.sh
          echo "[nuvola-init] user data finished (exit status $?)"
        fi
        echo "[nuvola-init] $(hostname) login:"
        trap 'kill -TERM -1; exit 0' TERM
        while :; do sleep 3600 & wait; done
        """ + "\n";

    private static string Q(string value) => UserDataScript.Quote(value);
}
