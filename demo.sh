#!/usr/bin/env bash
# The main job, for now: start the embedded cloud and show with the official openstack client that it answers.
# Usage: ./demo.sh [--keep]   (--keep leaves the cloud running in the foreground afterwards)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$root/scripts/ensure-packages.sh"
data="$(mktemp -d /tmp/nuvola-demo.XXXXXX)"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$root/nuvola" cloud serve --port "$port" --data-dir "$data" >"$data/server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
deadline=$((SECONDS + 300))
until curl -fsS "http://127.0.0.1:$port/identity/v3" >/dev/null 2>&1; do
    kill -0 $server 2>/dev/null || { cat "$data/server.log"; echo "demo: the cloud did not start" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "demo: the cloud did not answer in time" >&2; exit 1; }
    sleep 0.5
done
export OS_CLIENT_CONFIG_FILE="$data/clouds.yaml"
echo "== The embedded cloud answers on http://127.0.0.1:$port (data in $data)"
set -x
openstack --os-cloud admin token issue -c expires -c project_id -c user_id
openstack --os-cloud admin catalog list
openstack --os-cloud demo project list
set +x
if [ "${1:-}" = "--keep" ]; then
    echo "== Serving until Ctrl-C. export OS_CLIENT_CONFIG_FILE=$data/clouds.yaml"
    wait $server
fi
