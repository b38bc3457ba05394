#!/usr/bin/env bash
# Benchmarks of the embedded cloud on loopback (issue: foundation). Prints RESULT lines; docs/performance.md records them.
# Usage: bench/run.sh [DURATION_SECONDS] [foundation|issue3|instances]   (default 10 s per wrk run; 2 threads, 4 connections,
#        as the reference; default suite foundation: Identity and Compute; issue3: 10,000 ports, floating IPs, 1,000 volumes;
#        instances: the namespace hypervisor, bench/instances.sh, root only; qemu: a QEMU guest booted the same way,
#        bench/qemu.sh, for the ratio)
# Needs wrk, curl and /usr/bin/python3 (scripts/ensure-packages.sh installs them). Talks only to 127.0.0.1.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-10}"
suite="${2:-foundation}"
case "$suite" in foundation|issue3) ;; instances) exec "$root/bench/instances.sh" ;; qemu) exec "$root/bench/qemu.sh" ;; *) echo "bench: unknown suite $suite (foundation|issue3|instances|qemu)" >&2; exit 2 ;; esac
"$root/scripts/ensure-packages.sh"
data="$(mktemp -d /tmp/nuvola-bench.XXXXXX)"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
export BENCH_PASSWORD="bench-$RANDOM-secret"
NUVOLA_ADMIN_PASSWORD="$BENCH_PASSWORD" "$root/nuvola" cloud serve --port "$port" --data-dir "$data" --quiet >"$data/server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
deadline=$((SECONDS + 300))
until curl -fsS "$base/identity/v3" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "bench: the cloud did not start" >&2; cat "$data/server.log" >&2; exit 1; }
    sleep 0.2
done
token=$(curl -si -H 'Content-Type: application/json' -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"$BENCH_PASSWORD\"}}},\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}" "$base/identity/v3/auth/tokens" | awk 'tolower($1)=="x-subject-token:"{print $2}' | tr -d '\r')
[ -n "$token" ] || { echo "bench: no token" >&2; exit 1; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r); load generator on the same machine"
warm() { wrk -t2 -c4 -d2s "$@" >/dev/null; }
if [ "$suite" = issue3 ]; then
    echo "== 10,000 ports (16 threads), 1,000 floating IP allocate/release pairs (4 threads), 1,000 volumes to available (16 threads)"
    /usr/bin/python3 "$root/bench/network.py" "$base" "$token" 10000 1000 1000 16
    for path in "network/v2.0/ports" "network/v2.0/networks"; do
        echo "== GET /$path with 10,000 ports"
        warm -H "X-Auth-Token: $token" "$base/$path"
        wrk -t2 -c4 -d"${duration}s" --timeout 10s -H "X-Auth-Token: $token" -s "$root/bench/wrk/report.lua" "$base/$path" | grep RESULT
    done
    echo "== server peak memory (10,000 ports, 1,000 volumes)"
    echo "RESULT peak_rss_mib=$(awk '/VmHWM/{printf "%.0f", $2/1024}' /proc/$server/status)"
    exit 0
fi
echo "== password hash alone (PBKDF2-SHA512, 210000 iterations, OpenSSL via Python: the same primitive .NET calls on Linux)"
/usr/bin/python3 - <<'PY'
import hashlib, os, time
n = 20; start = time.monotonic()
for _ in range(n): hashlib.pbkdf2_hmac("sha512", b"password", os.urandom(16), 210000, 32)
per = (time.monotonic() - start) / n
print(f"RESULT hash_ms={per*1000:.1f} hash_per_s_one_core={1/per:.1f}")
PY
echo "== token issue (password)"
wrk -t2 -c4 -d"${duration}s" --latency -s "$root/bench/wrk/token_issue.lua" "$base/identity/v3/auth/tokens" | grep RESULT
echo "== token validation (GET /v3/auth/tokens)"
warm -H "X-Auth-Token: $token" -H "X-Subject-Token: $token" "$base/identity/v3/auth/tokens"
wrk -t2 -c4 -d"${duration}s" -H "X-Auth-Token: $token" -H "X-Subject-Token: $token" -s "$root/bench/wrk/report.lua" "$base/identity/v3/auth/tokens" | grep RESULT
echo "== GET /v3/projects"
warm -H "X-Auth-Token: $token" "$base/identity/v3/projects"
wrk -t2 -c4 -d"${duration}s" -H "X-Auth-Token: $token" -s "$root/bench/wrk/report.lua" "$base/identity/v3/projects" | grep RESULT
echo "== 1000 servers created concurrently to ACTIVE (fake hypervisor, 0 delay)"
/usr/bin/python3 "$root/bench/servers.py" "$base" "$token" 1000 16
echo "== GET /compute/v2.1/servers/detail with 1000 servers"
warm -H "X-Auth-Token: $token" "$base/compute/v2.1/servers/detail?limit=1000"
wrk -t2 -c4 -d"${duration}s" -H "X-Auth-Token: $token" -s "$root/bench/wrk/report.lua" "$base/compute/v2.1/servers/detail?limit=1000" | grep RESULT
echo "== server peak memory"
echo "RESULT peak_rss_mib=$(awk '/VmHWM/{printf "%.0f", $2/1024}' /proc/$server/status)"
