#!/usr/bin/env bash
# conformance/multicloud.sh — one stack across two clouds: two embedded clouds at once (two `nuvola cloud serve`
# processes on their own ports and data directories, the second with `--profile fg-cloud`), one clouds.yaml naming
# them `first` and `second`, and conformance/multicloud/two-clouds.hot.yaml, whose root makes a network and a
# server on the cloud deploy is given and, through OS::Heat::Stack with context {cloud: second}, a network and a
# server on the second.
#
# Usage:   conformance/multicloud.sh
#
# Inputs (env, all optional): DEPLOY_TIMEOUT (seconds one nuvola command may take, default 180),
# NUVOLA_START_TIMEOUT, NUVOLA_KEEP_DATA (see lib.sh).
#
# Steps (each printed as `ok  <step>` or `FAIL <step>: ...`):
#   1. `nuvola clouds -f json` lists first, second and embedded with their family.
#   2. `nuvola validate` accepts the template and notes context.cloud as a Nuvola extension (HOT046).
#   3. `nuvola deploy --cloud first` succeeds; /usr/bin/openstack sees mc-first-net/mc-first-server on the first
#      cloud only and mc-second-net/mc-second-server on the second only; the outputs cross the boundary.
#   4. `nuvola resources -f json` gives each resource its cloud (first for the root's, second for remote.*).
#   5. with `second` removed from clouds.yaml, `nuvola destroy --yes` exits 7, names cloud 'second' and how to
#      configure it, and keeps every record (same resources listed) and every object of both clouds.
#   6. with `second` configured again, `nuvola destroy --yes` succeeds; the openstack client shows none of the
#      stack's networks or servers on either cloud; the stack is gone from state.
#   7. both servers stop on SIGTERM; their logs have no 5xx and no unhandled exception.
# Output: the step lines, then `N passed, M failed`. Exit 0 if M=0, 1 otherwise (2 when it cannot run at all).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=conformance/lib.sh
. "$HERE/lib.sh"
ROOT=$(nuv_repo_root)
NUVOLA="$ROOT/nuvola"
TIMEOUT=${DEPLOY_TIMEOUT:-180}
unset OS_CLOUD OS_AUTH_URL NUVOLA_PROGRESS NUVOLA_URL NUVOLA_DATA_DIR

nuv_start_server
FIRST_PID=$NUVOLA_PID FIRST_DATA=$NUVOLA_DATA_DIR FIRST_LOG=$NUVOLA_LOG
NUVOLA_PID=
nuv_start_server --profile fg-cloud
SECOND_PID=$NUVOLA_PID SECOND_DATA=$NUVOLA_DATA_DIR SECOND_LOG=$NUVOLA_LOG
NUVOLA_PID=
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nuvola-multicloud.XXXXXX")
stop_both() {
  local rc=0
  NUVOLA_PID=$FIRST_PID; FIRST_PID=; nuv_stop_server || rc=1
  NUVOLA_PID=$SECOND_PID; SECOND_PID=; nuv_stop_server || rc=1
  return $rc
}
cleanup() {
  stop_both >/dev/null 2>&1 || true
  if [ "${NUVOLA_KEEP_DATA:-0}" != 1 ]; then rm -rf "$FIRST_DATA" "$SECOND_DATA" "$WORK"; fi
}
trap cleanup EXIT
export NUVOLA_HOME="$WORK/home"
PASSED=0 FAILED=0

# One clouds.yaml: the first server's demo user as `first`, the second's FG user as `second` (with $1 = no-second,
# only `first`).
write_clouds() {
  "$PY" - "$FIRST_DATA/clouds.yaml" "$SECOND_DATA/clouds.yaml" "$WORK/clouds.yaml" "${1:-}" <<'PYEOF'
import sys, yaml
first = yaml.safe_load(open(sys.argv[1]))["clouds"]["demo"]
second = yaml.safe_load(open(sys.argv[2]))["clouds"]["nom_utilisateur"]
clouds = {"first": first}
if sys.argv[4] != "no-second":
    clouds["second"] = second
with open(sys.argv[3], "w") as f:
    yaml.safe_dump({"clouds": clouds}, f)
PYEOF
  chmod 600 "$WORK/clouds.yaml"
}
write_clouds
export OS_CLIENT_CONFIG_FILE="$WORK/clouds.yaml"

nv() { timeout "$TIMEOUT" "$NUVOLA" "$@"; }
# "kind name" lines of the stack's networks and servers on a cloud (first|second).
objects() {
  { OS_CLOUD=$1 nuv_os network list -f value -c Name | sed 's/^/network /'
    OS_CLOUD=$1 nuv_os server list -f value -c Name | sed 's/^/server /'; } | grep ' mc-' | sort || true
}

IMAGE1=$(OS_CLOUD=first nuv_os image list -f value -c Name | awk 'NR == 1')
IMAGE2=$(OS_CLOUD=second nuv_os image list -f value -c Name | awk 'NR == 1')
TEMPLATE="$HERE/multicloud/two-clouds.hot.yaml"
ARGS=(-P "image=$IMAGE1" -P "second_image=$IMAGE2")

# 1. nuvola clouds
if out=$(nv clouds -f json 2>&1) && "$PY" -c '
import json, sys
clouds = {c["name"]: c for c in json.loads(sys.argv[1])["clouds"]}
assert {"first", "second", "embedded"} <= set(clouds), clouds
assert all(c["family"] == "openstack" for c in clouds.values()), clouds
assert clouds["second"]["region"] == "IPHC", clouds["second"]
' "$out" 2>"$WORK/err"; then ok "nuvola clouds lists first, second (region IPHC) and embedded"
else fail "nuvola clouds lists first, second (region IPHC) and embedded" "$out $(cat "$WORK/err")"; fi

# 2. validate
if out=$(nv validate "$TEMPLATE" 2>&1) && grep -q 'HOT046' <<<"$out"; then ok "validate notes context.cloud as a Nuvola extension"
else fail "validate notes context.cloud as a Nuvola extension" "$out"; fi

# 3. deploy on both clouds
if out=$(nv deploy --cloud first "${ARGS[@]}" "$TEMPLATE" -s mc -f json 2>"$WORK/deploy.err") && "$PY" -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["succeeded"], d
o = d["outputs"]
assert o["second_server"] and o["first_server"] and o["second_server"] != o["first_server"], o
assert o["second_peer"] == "mc-first-server", o
' "$out" 2>"$WORK/err"; then ok "deploy --cloud first creates the stack on both clouds (outputs cross the boundary)"
else fail "deploy --cloud first creates the stack on both clouds (outputs cross the boundary)" "$out $(tail -n 5 "$WORK/deploy.err") $(cat "$WORK/err")"; fi
got1=$(objects first | tr '\n' ' ') got2=$(objects second | tr '\n' ' ')
if [ "$got1" = "network mc-first-net server mc-first-server " ] && [ "$got2" = "network mc-second-net server mc-second-server " ]; then
  ok "openstack client: each cloud holds its own network and server only"
else fail "openstack client: each cloud holds its own network and server only" "first: $got1; second: $got2"; fi

# 4. resources carry their cloud
res_before=$(nv resources mc -f json 2>&1 || true)
if "$PY" -c '
import json, sys
rs = json.loads(sys.argv[1])["resources"]
assert len(rs) == 7, rs
for r in rs:
    want = "second" if r["name"].startswith("remote.") else "first"
    assert r["cloud"] == want, r
' "$res_before" 2>"$WORK/err"; then ok "resources -f json gives each resource its cloud"
else fail "resources -f json gives each resource its cloud" "$res_before $(cat "$WORK/err")"; fi

# 5. destroy with the second cloud unconfigured: refused, nothing changed
write_clouds no-second
rc=0; out=$(nv destroy mc --yes 2>&1) || rc=$?
res_after=$(nv resources mc -f json 2>&1 || true)
if [ "$rc" = 7 ] && grep -q "cloud 'second'" <<<"$out" && grep -q 'clouds.yaml' <<<"$out" && grep -q 'remote.server' <<<"$out" \
   && [ "$res_after" = "$res_before" ]; then ok "destroy without cloud second exits 7 naming it and keeps every record"
else fail "destroy without cloud second exits 7 naming it and keeps every record" "exit $rc: $out"; fi
write_clouds
got1=$(objects first | tr '\n' ' ') got2=$(objects second | tr '\n' ' ')
if [ "$got1" = "network mc-first-net server mc-first-server " ] && [ "$got2" = "network mc-second-net server mc-second-server " ]; then
  ok "the refused destroy deleted nothing on either cloud"
else fail "the refused destroy deleted nothing on either cloud" "first: $got1; second: $got2"; fi

# 6. destroy with both configured
if out=$(nv destroy mc --yes 2>&1); then ok "destroy with both clouds configured succeeds"
else fail "destroy with both clouds configured succeeds" "$out"; fi
got1=$(objects first) got2=$(objects second)
if [ -z "$got1" ] && [ -z "$got2" ]; then ok "openstack client: nothing of the stack is left on either cloud"
else fail "openstack client: nothing of the stack is left on either cloud" "first: $got1; second: $got2"; fi
rc=0; nv resources mc -f json >/dev/null 2>&1 || rc=$?
if [ "$rc" = 5 ]; then ok "the stack is gone from state"
else fail "the stack is gone from state" "nuvola resources exited $rc"; fi

# 7. clean shutdown, clean logs
if stop_both; then ok "both servers stop on SIGTERM"; else fail "both servers stop on SIGTERM" "one did not exit in time"; fi
for log in "$FIRST_LOG" "$SECOND_LOG"; do
  if errs=$(nuv_check_log "$log" 2>&1); then ok "server log $(basename "$log") has no 5xx and no unhandled exception"
  else fail "server log $(basename "$log") has no 5xx and no unhandled exception" "$errs"; fi
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
