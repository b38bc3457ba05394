#!/usr/bin/env bash
# conformance/instances.sh — real instances: the namespace hypervisor (`nuvola cloud serve --hypervisor namespace`)
# driven with Debian's openstack client (/usr/bin/openstack) and ssh, as a user of an OpenStack cloud would.
#
# Usage:   conformance/instances.sh
# Needs root (namespaces, mounts, nftables; not root: prints "skipped: ..." and exits 0). As root, a cloud that falls back
# to the fake hypervisor is a failure (scripts/ensure-packages.sh installs what real instances need). Keeps under 5 minutes; removes everything it made (the cloud's clean shutdown does).
#
# Steps (each printed as `ok  <step>` or `FAIL <step>: ...`), in the order of issue 5's acceptance list:
#   1. key pair, router to `public`, server on `private` with a floating IP and a user-data script:
#      ssh root@<floating ip> hostname prints the server's name; the script's effect is visible over ssh; the console
#      log shows the boot and the script's output; the metadata service and the config drive answer inside.
#   2. security groups: a server in `default` only refuses SSH; after a group with a port 22 rule is added, SSH works
#      (and its #cloud-config ran); a rule with a remote group lets only members in.
#   4. 20 servers booted at once all answer SSH (from the router's namespace, their fixed IPs); deleting them leaves no
#      namespace, interface, mount, process or directory behind.
#   3. a volume attached to a running server is a block device there, writable; its data is still there after detach
#      and attach to the other server (loop devices).
#   6. kill -9 of the cloud with 10 running instances, then a start on the same data: the 10 are adopted (same
#      processes), answer SSH, and nothing is duplicated or leaked.
#   then: SIGTERM removes every namespace, the host interface and every instance process; the log is clean.
#   7. (after 1) images: a root file system tarball (raw/bare, zstd) made here from the built-in image's /etc and a few
#      programs boots and its own sshd answers; a qcow2 image is refused (server ERROR, fault names the format);
#      `server image create` of vm1, then a server from the snapshot sees a file written before; flavor ram is the memory
#      limit of vm1's cgroup (v1 or v2) and deleted servers leave no cgroup.
# (5, the seed's Ansible playbook with a second play over SSH, is in conformance/ansible.sh.)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=conformance/lib.sh
. "$HERE/lib.sh"
PASSED=0
FAILED=0
START=$(date +%s)

[ "$(id -u)" -eq 0 ] || { echo "skipped: not root (the namespace hypervisor needs root)"; exit 0; }
nuv_start_server --hypervisor namespace --quiet
if ! grep -q "Hypervisor: namespace" "$NUVOLA_LOG"; then
  # As root, scripts/ensure-packages.sh has installed what real instances need: a fallback is a failure, not a skip.
  echo "FAIL the cloud fell back to the fake hypervisor: $(grep -o 'cannot run on this machine.*' "$NUVOLA_LOG" | head -1)"
  nuv_stop_server || true
  echo "0 passed, 1 failed"
  exit 1
fi
PREFIX=$(grep -o 'Namespace hypervisor (nv[0-9a-f]*)' "$NUVOLA_LOG" | head -1 | sed 's/.*(\(.*\))/\1/')
[ -n "$PREFIX" ] || nuv_die "no namespace prefix in the log"
DATA=$NUVOLA_DATA_DIR
WORK=$(mktemp -d)
trap 'nuv_stop_server >/dev/null 2>&1 || true; nuv_cleanup_data; rm -rf "$WORK"' EXIT

OS() { nuv_os --os-cloud demo "$@"; }
ADMIN() { nuv_os --os-cloud admin "$@"; }
ssh-keygen -q -t ed25519 -N '' -f "$WORK/key"
SSH=(ssh -i "$WORK/key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=3 -o BatchMode=yes -o LogLevel=ERROR)
# rssh IP CMD: ssh from the router's namespace (fixed IPs are reachable only there).
rssh() { local ip=$1; shift; ip netns exec "$PREFIX-r-$ROUTER" "${SSH[@]}" "root@$ip" "$@"; }
wait_ssh() { nuv_wait_until "${2:-30}" 0.2 "${SSH[@]}" "root@$1" true; }
volume_is() { [ "$(OS volume show vol1 -f value -c status)" = "$1" ]; }
cloud_answers() { [ "$(nuv_http_status "$NUVOLA_URL/identity/v3")" = 200 ]; }
fixed_ip() { OS server show "$1" -f json -c addresses | $PY -c 'import json,sys; a=json.load(sys.stdin)["addresses"]; print(a["private"][0])'; }

ADMIN quota set --instances 40 --cores 40 --ram 102400 demo
OS keypair create --public-key "$WORK/key.pub" key1 >/dev/null
ROUTER=$(OS router create r1 -f value -c id)
OS router set r1 --external-gateway public
OS router add subnet r1 private-subnet
OS security group create ssh >/dev/null
OS security group rule create ssh --protocol tcp --dst-port 22 --remote-ip 0.0.0.0/0 >/dev/null

# ---- 1. ssh, user data, console log, metadata
printf '#!/bin/sh\necho "user-data says hello"\necho made-by-user-data > /root/user-data-was-here\n' > "$WORK/user-data.sh"
OS server create --image cirros-0.6.2-x86_64-disk --flavor m1.tiny --network private --key-name key1 \
  --security-group default --security-group ssh --user-data "$WORK/user-data.sh" --wait vm1 >/dev/null
FIP1=$(OS floating ip create public -f value -c floating_ip_address)
OS server add floating ip vm1 "$FIP1"
if wait_ssh "$FIP1" && [ "$("${SSH[@]}" "root@$FIP1" hostname)" = vm1 ]; then ok "1 ssh root@<floating ip> hostname prints vm1"
else fail "1 ssh root@<floating ip> hostname prints vm1" "no SSH to $FIP1"; fi
if [ "$("${SSH[@]}" "root@$FIP1" cat /root/user-data-was-here 2>&1)" = made-by-user-data ]; then ok "1 the user-data script's effect is visible over ssh"
else fail "1 the user-data script's effect is visible over ssh" "no /root/user-data-was-here"; fi
console=$(OS console log show vm1)
if grep -q "vm1 booting" <<<"$console" && grep -q "user-data says hello" <<<"$console"; then ok "1 the console log shows the boot and the user data's output"
else fail "1 the console log shows the boot and the user data's output" "$(tail -5 <<<"$console")"; fi
VM1=$(OS server show vm1 -f value -c id)
meta=$("${SSH[@]}" "root@$FIP1" 'curl -s http://169.254.169.254/openstack/latest/meta_data.json; cat /mnt/config/openstack/latest/network_data.json' 2>&1 || true)
if grep -q "\"uuid\": \"$VM1\"" <<<"$meta" && grep -q '"public_keys"' <<<"$meta" && grep -q '"ip_address"' <<<"$meta"; then ok "1 metadata service at 169.254.169.254 and config drive at /mnt/config"
else fail "1 metadata service at 169.254.169.254 and config drive at /mnt/config" "$meta"; fi

# ---- 7. images: a root file system tarball boots, a qcow2 image is refused, a snapshot boots with the files written before
# A minimal root file system made here: the built-in image's /etc and layout plus just the programs init and the test use.
copy_in() { mkdir -p "$1$(dirname "$2")"; cp -a "$2" "$1$2"; }
make_rootfs() {
  local dir=$1 bin lib
  cp -a "$DATA/hypervisor/images/host/rootfs/." "$dir/"
  for bin in /usr/bin/dash /usr/bin/hostname /usr/bin/ip /usr/bin/mkdir /usr/bin/chmod /usr/bin/sleep /usr/bin/touch /usr/bin/cat /usr/bin/ssh-keygen /usr/sbin/sshd; do
    bin=$(readlink -f "$bin")
    copy_in "$dir" "$bin"
    for lib in $(ldd "$bin" 2>/dev/null | grep -o '/[^ ]*'); do
      copy_in "$dir" "$(readlink -f "$lib")"
      case $lib in /usr/*) [ -e "$dir$lib" ] || copy_in "$dir" "$lib" ;; *) [ -e "$dir/usr$lib" ] || copy_in "$dir" "/usr$lib" ;; esac
    done
  done
  ln -sf dash "$dir/usr/bin/sh"
  sed -i "s#^\(root:.*:\)[^:]*\$#\1/bin/sh#" "$dir/etc/passwd"
  [ -e "$dir/usr/sbin/ip" ] || ln -s ../bin/ip "$dir/usr/sbin/ip"
}
mkdir -p "$WORK/rootfs"
make_rootfs "$WORK/rootfs"
tar -C "$WORK/rootfs" -c . | zstd -q -o "$WORK/rootfs.tar.zst"
OS image create --disk-format raw --container-format bare --file "$WORK/rootfs.tar.zst" tarball1 >/dev/null
OS server create --image tarball1 --flavor m1.tiny --network private --key-name key1 --security-group default --security-group ssh --wait vmtar >/dev/null 2>&1 || true
ip=$(fixed_ip vmtar 2>/dev/null || true)
out=$(rssh "$ip" 'hostname; [ -e /usr/bin/python3 ] && echo has-python || echo no-python' 2>&1 || true)
if [ "$out" = $'vmtar\nno-python' ]; then ok "7 a root file system tarball (raw/bare, zstd) boots: sshd from the image answers"
else fail "7 a root file system tarball (raw/bare, zstd) boots: sshd from the image answers" "$out $(OS server show vmtar -f value -c status -c fault)"; fi
printf 'QFI\373\000\000\000\003' > "$WORK/disk.qcow2"
OS image create --disk-format qcow2 --container-format bare --file "$WORK/disk.qcow2" qcow1 >/dev/null
OS server create --image qcow1 --flavor m1.tiny --network private --wait vmqcow >/dev/null 2>&1 || true
fault=$(OS server show vmqcow -f value -c status -c fault 2>&1)
if grep -q ERROR <<<"$fault" && grep -q "qcow2 disk image" <<<"$fault"; then ok "7 a qcow2 image is refused at boot: server ERROR with the reason"
else fail "7 a qcow2 image is refused at boot: server ERROR with the reason" "$fault"; fi
"${SSH[@]}" "root@$FIP1" 'echo written-before-snapshot > /root/snapshot-was-here' || true
OS server image create --name snap1 --wait vm1 >/dev/null 2>&1 || true
OS server create --image snap1 --flavor m1.tiny --network private --key-name key1 --security-group default --security-group ssh --wait vmsnap >/dev/null 2>&1 || true
ip=$(fixed_ip vmsnap 2>/dev/null || true)
out=$(rssh "$ip" 'hostname; cat /root/snapshot-was-here' 2>&1 || true)
props=$(OS image show snap1 -f value -c status -c properties 2>&1)
if [ "$out" = $'vmsnap\nwritten-before-snapshot' ] && grep -q "image_type.*snapshot" <<<"$props" && grep -q active <<<"$props"; then ok "7 server image create: a server booted from the snapshot sees the files written before"
else fail "7 server image create: a server booted from the snapshot sees the files written before" "$out | $props | $(OS server show vmsnap -f value -c status -c fault 2>&1)"; fi
OS server delete --wait vmtar vmqcow vmsnap >/dev/null 2>&1 || true
cg=
for d in "/sys/fs/cgroup/memory/$PREFIX-i-$VM1" "/sys/fs/cgroup/$PREFIX-i-$VM1"; do [ -d "$d" ] && cg=$d; done
limit=$(cat "$cg/memory.limit_in_bytes" "$cg/memory.max" 2>/dev/null || true)
ram=$(OS flavor show m1.tiny -f value -c ram)
left=0
for d in /sys/fs/cgroup/*/"$PREFIX"-i-* /sys/fs/cgroup/"$PREFIX"-i-*; do [ -d "$d" ] && [ "${d%"$VM1"}" = "$d" ] && left=$((left + 1)); done
if [ -n "$cg" ] && [ "$limit" = $((ram * 1048576)) ] && [ "$(wc -l < "$cg/cgroup.procs")" -gt 1 ] && [ "$left" = 0 ]; then ok "7 flavor ram is the memory limit of the instance's cgroup (its processes in it); deleted servers' cgroups are gone"
else fail "7 flavor ram is the memory limit of the instance's cgroup (its processes in it); deleted servers' cgroups are gone" "cgroup '$cg' limit '$limit' ram $ram, $left left"; fi

# ---- 2. security groups
cat > "$WORK/cloud-config" <<'YAML'
#cloud-config
write_files:
  - path: /etc/motd-nuvola
    content: written by cloud-config
runcmd:
  - echo runcmd-ran > /root/runcmd
packages: [nginx]
YAML
OS server create --image cirros-0.6.2-x86_64-disk --flavor m1.tiny --network private --key-name key1 \
  --user-data "$WORK/cloud-config" --wait vm2 >/dev/null
FIP2=$(OS floating ip create public -f value -c floating_ip_address)
OS server add floating ip vm2 "$FIP2"
if ! "${SSH[@]}" "root@$FIP2" true 2>/dev/null; then ok "2 without an ingress rule for port 22, SSH is refused"
else fail "2 without an ingress rule for port 22, SSH is refused" "ssh to $FIP2 worked"; fi
OS server add security group vm2 ssh
if wait_ssh "$FIP2" 15; then ok "2 after adding a group with a port 22 rule, SSH works"
else fail "2 after adding a group with a port 22 rule, SSH works" "no SSH to $FIP2"; fi
cc=$("${SSH[@]}" "root@$FIP2" 'cat /etc/motd-nuvola; echo; cat /root/runcmd' 2>&1 || true)
if [ "$cc" = "written by cloud-config"$'\n'"runcmd-ran" ] && OS console log show vm2 | grep -q "module 'packages' skipped"; then
  ok "2 #cloud-config write_files and runcmd ran (packages logged as skipped)"
else fail "2 #cloud-config write_files and runcmd ran (packages logged as skipped)" "$cc"; fi
# Remote group: vm2 listens on 8080, allowed only from members of "clients".
OS security group create clients >/dev/null
OS security group create web >/dev/null
OS security group rule create web --protocol tcp --dst-port 8080 --remote-group clients >/dev/null
OS server add security group vm2 web
VM2_IP=$(fixed_ip vm2)
"${SSH[@]}" "root@$FIP2" 'nohup python3 -m http.server 8080 >/dev/null 2>&1 &' || true
probe() { "${SSH[@]}" "root@$FIP1" "curl -s -m 2 -o /dev/null -w '%{http_code}' http://$VM2_IP:8080/" 2>/dev/null || true; }
probe_is_200() { [ "$(probe)" = 200 ]; }
before=$(probe)
OS server add security group vm1 clients
nuv_wait_until 15 0.3 probe_is_200 || true
after=$(probe)
if [ "$before" != 200 ] && [ "$after" = 200 ]; then ok "2 a rule with a remote group lets only members in"
else fail "2 a rule with a remote group lets only members in" "before joining: $before, after: $after"; fi

# ---- 4. 20 servers at once, then nothing left
fabric_ports() { ip -n "$PREFIX-fabric" -o link show | grep -c '^[0-9]*: t' || true; }
links_before=$(fabric_ports)
t0=$(date +%s)
OS server create --image cirros-0.6.2-x86_64-disk --flavor m1.tiny --network private --key-name key1 \
  --security-group default --security-group ssh --min 20 --max 20 --wait many >/dev/null || true
ips=$(OS server list --name '^many-' -f json -c Networks -c Status | $PY -c 'import json,sys
for s in json.load(sys.stdin):
    if s["Status"]=="ACTIVE": print(s["Networks"]["private"][0])')
n=0
for ip in $ips; do
  if nuv_wait_until 20 0.2 rssh "$ip" true; then n=$((n + 1)); fi
done
if [ "$n" -eq 20 ]; then ok "4 20 servers booted at once all answer SSH ($(( $(date +%s) - t0 )) s)"
else fail "4 20 servers booted at once all answer SSH" "$n of 20"; fi
ids=$(OS server list --name '^many-' -f value -c ID)
# shellcheck disable=SC2086
[ -z "$ids" ] || OS server delete --wait $ids || true
leftover=""
for id in $ids; do
  ip netns list | grep -q "$id" && leftover+=" netns:$id"
  grep -q "$id" /proc/mounts && leftover+=" mount:$id"
  pgrep -f "$id" >/dev/null && leftover+=" process:$id"
  [ -e "$DATA/hypervisor/instances/$id" ] && leftover+=" dir:$id"
done
links=$(fabric_ports)
[ "$links" -eq "$links_before" ] || leftover+=" fabric ports: $links ($links_before before)"
[ "$(ip netns list | grep -c "^$PREFIX-i-")" -eq 2 ] || leftover+=" instance namespaces: $(ip netns list | grep -c "^$PREFIX-i-")"
if [ -z "$leftover" ]; then ok "4 deleting them leaves no namespace, interface, mount, process or directory"
else fail "4 deleting them leaves no namespace, interface, mount, process or directory" "$leftover"; fi

# ---- 3. volumes
OS volume create --size 1 vol1 >/dev/null
nuv_wait_until 20 0.3 volume_is available || true
OS server add volume vm1 vol1 --device /dev/vdb >/dev/null || true
nuv_wait_until 20 0.3 volume_is in-use || true
wrote=$("${SSH[@]}" "root@$FIP1" 'test -b /dev/vdb && printf nuvola-volume-data | dd of=/dev/vdb conv=notrunc,fsync 2>/dev/null && head -c 18 /dev/vdb' 2>&1 || true)
if [ "$wrote" = nuvola-volume-data ]; then ok "3 an attached volume is a writable block device in the server"
else fail "3 an attached volume is a writable block device in the server" "$wrote"; fi
OS server remove volume vm1 vol1 || true
nuv_wait_until 20 0.3 volume_is available || true
gone=$("${SSH[@]}" "root@$FIP1" 'test -e /dev/vdb && echo present || echo gone' 2>&1 || true)
OS server add volume vm2 vol1 --device /dev/vdb >/dev/null || true
nuv_wait_until 20 0.3 volume_is in-use || true
read_back=$("${SSH[@]}" "root@$FIP2" 'head -c 18 /dev/vdb' 2>&1 || true)
if [ "$gone" = gone ] && [ "$read_back" = nuvola-volume-data ]; then ok "3 after detach (device gone) and attach to another server the data is there"
else fail "3 after detach (device gone) and attach to another server the data is there" "detached: $gone, read: $read_back"; fi

# ---- 6. kill -9 with 10 running instances, then restart
OS server create --image cirros-0.6.2-x86_64-disk --flavor m1.tiny --network private --key-name key1 \
  --security-group default --security-group ssh --min 8 --max 8 --wait ten >/dev/null || true
before_pids=$(for id in $(OS server list -f value -c ID); do cat "$DATA/hypervisor/instances/$id/pid"; done | sort | tr '\n' ' ')
port=$NUVOLA_PORT
kill -KILL -- "-$NUVOLA_PID"
wait "$NUVOLA_PID" 2>/dev/null || true
(cd "$(nuv_repo_root)" && exec setsid ./nuvola cloud serve --port "$port" --data-dir "$DATA" --hypervisor namespace --quiet) >>"$NUVOLA_LOG" 2>&1 </dev/null &
NUVOLA_PID=$!
nuv_wait_until 120 0.3 cloud_answers || nuv_die "the cloud did not come back"
servers=$(OS server list -f value -c ID -c Status)
active=$(grep -c ACTIVE <<<"$servers" || true)
after_pids=$(for id in $(OS server list -f value -c ID); do cat "$DATA/hypervisor/instances/$id/pid"; done | sort | tr '\n' ' ')
n=0
for ip in $(OS server list -f json -c Networks | $PY -c 'import json,sys
for s in json.load(sys.stdin): print(s["Networks"]["private"][0])'); do
  nuv_wait_until 20 0.2 rssh "$ip" true && n=$((n + 1))
done
netns=$(ip netns list | grep -c "^$PREFIX-i-" || true)
procs=$(pgrep -fc "unshare .*$DATA/hypervisor/instances/" || true)
if [ "$active" -eq 10 ] && [ "$n" -eq 10 ] && [ "$netns" -eq 10 ] && [ "$procs" -eq 10 ] && [ "$before_pids" = "$after_pids" ]; then
  ok "6 after kill -9 and a restart the 10 instances are adopted (same processes), answer SSH, nothing duplicated"
else fail "6 after kill -9 and a restart the 10 instances are adopted" "active $active, ssh $n, netns $netns, launchers $procs, same pids: $([ "$before_pids" = "$after_pids" ] && echo yes || echo no)"; fi
if wait_ssh "$FIP1" 15 && [ "$("${SSH[@]}" "root@$FIP1" hostname)" = vm1 ]; then ok "6 the floating IP still reaches vm1 after the restart"
else fail "6 the floating IP still reaches vm1 after the restart" "no SSH to $FIP1"; fi

# ---- clean shutdown removes everything
if nuv_stop_server; then ok "server stops on SIGTERM"; else fail "server stops on SIGTERM" "it did not exit"; fi
left="$(ip netns list | grep "^$PREFIX-" || true) $(ip -o link show | grep -o "$PREFIX-ext" || true) $(pgrep -f "$DATA/hypervisor" || true)"
if [ -z "${left// /}" ]; then ok "SIGTERM removes every namespace, the host interface and every instance process"
else fail "SIGTERM removes every namespace, the host interface and every instance process" "$left"; fi
echo "elapsed: $(( $(date +%s) - START )) s"
nuv_finish
