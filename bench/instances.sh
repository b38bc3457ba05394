#!/usr/bin/env bash
# Benchmark of the namespace hypervisor (issue 5): POST /servers → sshd banner, p50/p95 over N boots one at a time and
# N at once; memory (PSS) per idle instance over IDLE instances; delete time. Prints RESULT lines (docs/performance.md).
# Usage: bench/instances.sh [N=20] [IDLE=50]    (bench/run.sh 10 instances runs it with the defaults)
# Needs root. Talks to 127.0.0.1 and to instances only inside the cloud's own namespaces.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-20}"
idle="${2:-50}"
[ "$(id -u)" -eq 0 ] || { echo "bench: the namespace hypervisor needs root" >&2; exit 2; }
data="$(mktemp -d /tmp/nuvola-bench.XXXXXX)"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
export BENCH_PASSWORD="bench-$RANDOM-secret"
NUVOLA_ADMIN_PASSWORD="$BENCH_PASSWORD" setsid "$root/nuvola" cloud serve --port "$port" --data-dir "$data" --quiet --hypervisor namespace >"$data/server.log" 2>&1 &
server=$!
trap 'kill -TERM -- -$server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
deadline=$((SECONDS + 300))
until curl -fsS "$base/identity/v3" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "bench: the cloud did not start" >&2; cat "$data/server.log" >&2; exit 1; }
    sleep 0.2
done
grep -q "Hypervisor: namespace" "$data/server.log" || { echo "bench: the namespace hypervisor is not available here" >&2; grep -i hypervisor "$data/server.log" >&2; exit 1; }
export OS_CLIENT_CONFIG_FILE="$data/clouds.yaml"
os() { /usr/bin/openstack --os-cloud admin "$@"; }
router=$(os router create bench -f value -c id)
os router set bench --external-gateway public
os router add subnet bench private-subnet
os security group rule create "$(os security group list --project admin -f value -c ID -c Name | awk '$2=="default"{print $1}')" \
    --protocol tcp --dst-port 22 --remote-ip 0.0.0.0/0 >/dev/null
os quota set --instances 200 --cores 200 --ram 1000000 admin
prefix=$(grep -o 'Namespace hypervisor (nv[0-9a-f]*)' "$data/server.log" | head -1 | sed 's/.*(\(.*\))/\1/')
token=$(os token issue -f value -c id)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "== namespace hypervisor: $count boots one at a time, $count at once, $idle idle, deletes"
/usr/bin/python3 -u "$root/bench/instances.py" "$base" "$token" "$prefix-r-$router" "$count" "$idle"
