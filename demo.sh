#!/usr/bin/env bash
# The main job: deploy two example stacks with `nuvola deploy`, show their outputs, destroy them. Nothing is started
# by hand: hello.hot.yaml needs no cloud at all; web.hot.yaml (a network, a subnet and a server) makes nuvola start
# the embedded cloud in the background, since no cloud is configured. The official openstack client then shows the
# server is real.
# Usage: ./demo.sh [--keep]   (--keep leaves the stacks deployed and the embedded cloud running)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
"$root/scripts/ensure-packages.sh"
# A fresh home for the state and the embedded cloud, and no cloud from the environment: the demo is the same on
# every machine.
NUVOLA_HOME="$(mktemp -d /tmp/nuvola-demo.XXXXXX)"
export NUVOLA_HOME
unset OS_CLOUD OS_AUTH_URL
keep=false
[ "${1:-}" = "--keep" ] && keep=true
finish() {
    if ! $keep; then
        ./nuvola cloud stop >/dev/null 2>&1 || true
        rm -rf "$NUVOLA_HOME"
    fi
}
trap finish EXIT
echo "== nuvola keeps its state (and the embedded cloud's data) in NUVOLA_HOME=$NUVOLA_HOME"
./nuvola --help >/dev/null   # builds the program on first use (once), so that the steps below show only themselves
set -x
./nuvola deploy examples/hello.hot.yaml
./nuvola outputs hello --value greeting
./nuvola deploy examples/web.hot.yaml
./nuvola resources web
OS_CLIENT_CONFIG_FILE="$NUVOLA_HOME/cloud/clouds.yaml" openstack --os-cloud demo server list -c Name -c Status -c Networks
./nuvola stacks
{ set +x; } 2>/dev/null
if $keep; then
    echo "== Kept: the stacks hello and web, and the embedded cloud (stop it with: NUVOLA_HOME=$NUVOLA_HOME ./nuvola cloud stop)"
    exit 0
fi
set -x
./nuvola destroy web --yes
./nuvola destroy hello --yes
OS_CLIENT_CONFIG_FILE="$NUVOLA_HOME/cloud/clouds.yaml" openstack --os-cloud demo server list -f value -c Name
./nuvola cloud stop
{ set +x; } 2>/dev/null
