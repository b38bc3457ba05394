#!/usr/bin/env bash
# bench/qemu.sh — what a user would otherwise have: a QEMU guest, measured the way bench/instances.sh measures a
# namespace instance (from the start of the guest to its sshd answering with the banner), for issue 5's ratio.
#
# Usage: bench/qemu.sh [BOOTS] [ACCEL...]      (default 10 boots one at a time; ACCEL default tcg, kvm on request).
#        Root (installs Debian packages). BENCH_QEMU_AT_ONCE=N also boots N guests at once per accel.
#
# The guest is built from Debian's packages only, each time, in a temp dir: the kernel of linux-image-amd64
# (downloaded, not installed), its virtio modules, busybox-static as init, and this machine's own sshd with its
# libraries in an initramfs: the same sshd the namespace instances run, so the difference is the virtual machine.
# Network: QEMU's user-mode network with restrict=on (the guest reaches nothing, not even the host) and one
# forward from 127.0.0.1:PORT to the guest's port 22. 256 MiB, 1 vCPU per guest.
# Prints RESULT lines: per accel, p50/p95/min/max seconds to the banner, and the guest's RSS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
boots="${1:-10}"
shift || true
accels=("$@")
[ "$(id -u)" = 0 ] || { echo "bench/qemu.sh: root needed (apt-get)" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx insmod || need+=(busybox-static)
command -v modinfo >/dev/null || need+=(kmod)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
if [ ${#need[@]} -gt 0 ]; then apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null; fi
# KVM only on request: on this project's machines (Firecracker VMs) /dev/kvm exists but a nested guest hangs at
# boot (default CPU model) or QEMU aborts setting an MSR (-cpu host), so the comparison is with emulation (TCG).
[ ${#accels[@]} -gt 0 ] || accels=(tcg)

work="$(mktemp -d /tmp/nuvola-qemu.XXXXXX)"
trap 'pkill -f "nuvola-qemu-guest-$$" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"

# ---- the kernel and its virtio modules, from Debian's linux-image-amd64 (downloaded, not installed)
kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/{print $2; exit}')
apt-get download -q "$kpkg" >/dev/null 2>&1
dpkg-deb -x ./*.deb kernel
kver=$(ls kernel/lib/modules)
vmlinuz=kernel/boot/vmlinuz-$kver

# ---- the initramfs: busybox, sshd with its libraries, a key pair
rootfs=$work/rootfs
mkdir -p "$rootfs"/{bin,sbin,etc/ssh,dev,proc,sys,run/sshd,root/.ssh,var/empty,tmp,lib/modules}
chmod 700 "$rootfs/root/.ssh"
cp /bin/busybox "$rootfs/bin/busybox"
for applet in sh mount ip insmod sleep cat echo mkdir hostname; do ln -s busybox "$rootfs/bin/$applet"; done
cp /usr/sbin/sshd "$rootfs/sbin/sshd"
for lib in $(ldd /usr/sbin/sshd | awk '/=>/{print $3} /^\t\//{print $1}'); do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
done
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci failover net_failover virtio_net; do
    f=$(find "kernel/lib/modules/$kver" -name "$m.ko*" | head -1)
    [ -n "$f" ] || continue # built in
    case "$f" in *.xz) xz -dc "$f" >"$rootfs/lib/modules/$m.ko" ;; *) cp "$f" "$rootfs/lib/modules/$m.ko" ;; esac
    echo "$m" >>"$rootfs/lib/modules/order"
done
printf 'root:x:0:0:root:/root:/bin/sh\nsshd:x:100:65534::/run/sshd:/bin/false\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
printf 'root:*:19000:0:99999:7:::\n' >"$rootfs/etc/shadow"
ssh-keygen -q -t ed25519 -N '' -f "$rootfs/etc/ssh/ssh_host_ed25519_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/id"
cp "$work/id.pub" "$rootfs/root/.ssh/authorized_keys"
printf 'HostKey /etc/ssh/ssh_host_ed25519_key\nPermitRootLogin prohibit-password\nUsePAM no\nUseDNS no\n' >"$rootfs/etc/ssh/sshd_config"
cat >"$rootfs/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /lib/modules/order); do insmod /lib/modules/$m.ko; done
hostname qemu-guest
ip link set lo up
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
/sbin/sshd -e -f /etc/ssh/sshd_config
echo "guest: sshd started"
while true; do sleep 3600; done
INIT
chmod +x "$rootfs/init"
(cd "$rootfs" && find . | /bin/busybox cpio -o -H newc 2>/dev/null | gzip -1) >"$work/initrd.gz"

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Starts a guest in the background; prints "PID PORT START_NS".
start_guest() {
    local accel=$1 port pid
    port=$(free_port)
    local start
    start=$(date +%s%N)
    qemu-system-x86_64 -name "nuvola-qemu-guest-$$" -accel "$accel" -m 256 -smp 1 -nographic -no-reboot \
        -kernel "$vmlinuz" -initrd "$work/initrd.gz" -append "console=ttyS0 quiet panic=-1" \
        -nic "user,model=virtio-net-pci,restrict=on,hostfwd=tcp:127.0.0.1:$port-:22" \
        </dev/null >"$work/console-$port.log" 2>&1 &
    pid=$!
    echo "$pid $port $start"
}

# Waits for the banner on PORT (deadline 300 s); prints seconds since START_NS.
wait_banner() {
    /usr/bin/python3 - "$1" "$2" <<'PY'
import socket, sys, time
port, start = int(sys.argv[1]), int(sys.argv[2])
deadline = time.time() + 300
while time.time() < deadline:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.settimeout(2)
            if s.recv(64).startswith(b"SSH-"):
                print("%.3f" % ((time.time_ns() - start) / 1e9))
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.02)
sys.exit("no banner on port %d within 300 s" % port)
PY
}

stats() { sort -n | awk '{a[NR]=$1} END {printf "p50=%.3f p95=%.3f min=%.3f max=%.3f n=%d", a[int((NR+1)/2)], a[int(NR*0.95+0.999)], a[1], a[NR], NR}'; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); guest kernel $kver, qemu $(qemu-system-x86_64 --version | head -1 | awk '{print $4}')"
for accel in "${accels[@]}"; do
    times=()
    rss=0
    for _ in $(seq "$boots"); do
        read -r pid port start < <(start_guest "$accel")
        t=$(wait_banner "$port" "$start") || { echo "bench/qemu.sh: $accel guest gave no banner" >&2; tail -20 "$work/console-$port.log" >&2; kill "$pid"; exit 1; }
        times+=("$t")
        rss=$(awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$pid/status")
        kill "$pid"; wait "$pid" 2>/dev/null || true
    done
    echo "RESULT qemu_$accel one_at_a_time $(printf '%s\n' "${times[@]}" | stats) guest_rss_mib=$rss"
    if [ "${BENCH_QEMU_AT_ONCE:-0}" -gt 0 ]; then
        guests=()
        for _ in $(seq "$BENCH_QEMU_AT_ONCE"); do guests+=("$(start_guest "$accel")"); done
        results=$(for g in "${guests[@]}"; do set -- $g; wait_banner "$2" "$3" & done; wait)
        for g in "${guests[@]}"; do set -- $g; kill "$1"; done
        wait 2>/dev/null || true
        echo "RESULT qemu_$accel ${BENCH_QEMU_AT_ONCE}_at_once $(echo "$results" | stats)"
    fi
done
