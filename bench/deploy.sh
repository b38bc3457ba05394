#!/usr/bin/env bash
# Deploy benchmark (issue 4): `nuvola deploy` of a network, a subnet and a ResourceGroup of N servers on the embedded
# cloud's fake hypervisor, then `nuvola destroy`. For each boot delay and group size it prints a RESULT line: wall time
# of the deploy, API calls the cloud served during it and calls per second, the deploy process's peak memory, the
# median call latency, and the ratio of the wall time to the ideal one (boot delay + the calls on the critical path ×
# the median latency: net, subnet, server create and one status read; printed with a boot delay only). Talks only to
# 127.0.0.1.
# Usage: bench/deploy.sh ["10 100 1000"] ["0 2"]   (group sizes; boot delays in seconds)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="${1:-10 100 1000}"
delays="${2:-0 2}"
"$root/scripts/ensure-packages.sh"
"$root/nuvola" --help >/dev/null # builds the program once, outside the measurement
cli="dotnet $root/.build/cli/nuvola.dll"
work="$(mktemp -d /tmp/nuvola-bench-deploy.XXXXXX)"
server=""
stop_cloud() { [ -z "$server" ] || { kill -TERM "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; server=""; }; }
trap 'stop_cloud; rm -rf "$work"' EXIT

cat >"$work/group.hot.yaml" <<'YAML'
heat_template_version: 2018-08-31
description: A network, a subnet and a group of servers (bench/deploy.sh).
parameters:
  count: {type: number}
resources:
  net:
    type: OS::Neutron::Net
  subnet:
    type: OS::Neutron::Subnet
    properties: {network: {get_resource: net}, cidr: 10.20.0.0/20}
  servers:
    type: OS::Heat::ResourceGroup
    properties:
      count: {get_param: count}
      resource_def:
        type: OS::Nova::Server
        properties:
          name: bench-%index%
          image: cirros-0.6.2-x86_64-disk
          flavor: m1.tiny
          networks: [{subnet: {get_resource: subnet}}]
outputs:
  first: {value: {get_attr: [servers, resource.0.first_address]}}
YAML

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r); cloud and engine on the same machine"
for delay in $delays; do
    data="$work/cloud-$delay"
    mkdir -p "$data"
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    $cli cloud serve --port "$port" --data-dir "$data" --build-delay "$delay" >"$data/serve.log" 2>&1 &
    server=$!
    deadline=$((SECONDS + 120))
    until curl -fsS "http://127.0.0.1:$port/identity/v3" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || { echo "bench: the cloud did not start" >&2; cat "$data/serve.log" >&2; exit 1; }
        sleep 0.2
    done
    export OS_CLIENT_CONFIG_FILE="$data/clouds.yaml"
    # Room for the largest group in the demo project.
    /usr/bin/openstack --os-cloud admin quota set --instances 5000 --cores 5000 --ram 5000000 --ports 6000 demo >/dev/null
    for n in $sizes; do
        home="$work/home-$delay-$n"
        mkdir -p "$home"
        before=$(grep -c ' [0-9.]*ms$' "$data/serve.log" || true)
        start=$(date +%s.%N)
        # Peak RSS of the deploy process (getrusage of the waited-for child, in KiB).
        NUVOLA_HOME="$home" NUVOLA_PROGRESS=none /usr/bin/python3 -c '
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:], stdout=open(sys.argv[1], "w"))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)' "$home/deploy.json" $cli deploy "$work/group.hot.yaml" --stack "g$n" --cloud demo -P "count=$n" -f json >"$home/rss"
        end=$(date +%s.%N)
        after=$(grep -c ' [0-9.]*ms$' "$data/serve.log" || true)
        /usr/bin/python3 - "$home/deploy.json" "$n" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["succeeded"], doc
assert doc["outputs"]["first"], doc
PY
        median=$(tail -n +"$((before + 1))" "$data/serve.log" | grep -o ' [0-9.]*ms$' | head -n "$((after - before))" | tr -d ' ms' | sort -n |
            awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : 0)}')
        /usr/bin/python3 - "$n" "$delay" "$start" "$end" "$((after - before))" "$(cat "$home/rss")" "$median" <<'PY'
import sys
n, delay, start, end, calls, rss_kib, median = sys.argv[1:]
wall = float(end) - float(start)
ideal = float(delay) + 4 * float(median) / 1000
vs_ideal = f" ideal_s={ideal:.2f} ratio={wall/ideal:.2f}" if float(delay) > 0 else ""
print(f"RESULT servers={n} boot_delay_s={delay} wall_s={wall:.2f} calls={calls} calls_per_s={int(calls)/wall:.0f} "
      f"engine_peak_rss_mib={int(rss_kib)/1024:.0f} median_call_ms={median}{vs_ideal}")
PY
        start=$(date +%s.%N)
        NUVOLA_HOME="$home" NUVOLA_PROGRESS=none $cli destroy --stack "g$n" --cloud demo --yes -f json >"$home/destroy.json"
        end=$(date +%s.%N)
        left=$(/usr/bin/openstack --os-cloud demo server list -f value -c ID | wc -l)
        [ "$left" -eq 0 ] || { echo "bench: $left servers left after destroy" >&2; exit 1; }
        echo "RESULT servers=$n boot_delay_s=$delay destroy_wall_s=$(/usr/bin/python3 -c "print(f'{$end-$start:.2f}')")"
    done
    stop_cloud
done
