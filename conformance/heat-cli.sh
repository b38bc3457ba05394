#!/usr/bin/env bash
# conformance/heat-cli.sh — drive the official Heat client (python3-heatclient, through
# /usr/bin/openstack) against the embedded cloud's Orchestration service: create a stack
# with --wait, show its output, list its resources and events, delete it with --wait.
#
# Usage:   conformance/heat-cli.sh
#
# Inputs (env, all optional):
#   NUVOLA_URL + NUVOLA_DATA_DIR  use an already running server (its data dir holds clouds.yaml);
#                                 NUVOLA_LOG, if also set, is scanned for 5xx / exceptions.
#                                 Default: start a fresh server with lib.sh and stop it after.
#   NUVOLA_START_TIMEOUT, NUVOLA_KEEP_DATA  see lib.sh
#
# Uses the cloud `demo` of the generated clouds.yaml.
# Output: `ok  <step>` or `FAIL <step>: <why>` per step, then `N passed, M failed`.
# Exit 0 if M=0, 1 if M>0, 2 if the script cannot run at all.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=conformance/lib.sh
. "$HERE/lib.sh"

for v in $(compgen -e); do
  case "$v" in OS_CLIENT_CONFIG_FILE) ;; OS_*) unset "$v" ;; esac
done
"$PY" -c 'import heatclient' 2>/dev/null || nuv_die "python3-heatclient is not installed"
nuv_use_server --profile fg-cloud

WORK=$(mktemp -d "${TMPDIR:-/tmp}/nuvola-heat.XXXXXX")
cleanup() { nuv_stop_server || true; nuv_cleanup_data; rm -rf "$WORK"; }
trap cleanup EXIT
PASSED=0 FAILED=0
STACK=heat-cli-$$
osd() { timeout 180 "$OSC" --os-cloud demo "$@" 2>&1; }
# --wait prints the stack's events before the JSON document: keep the document.
doc() { sed -n '/^[{[]/,$p' <<<"$1"; }

cat >"$WORK/stack.yaml" <<'EOF'
heat_template_version: 2018-08-31
description: heat-cli conformance
parameters:
  length:
    type: number
    default: 12
resources:
  secret:
    type: OS::Heat::RandomString
    properties:
      length: {get_param: length}
  value:
    type: OS::Heat::Value
    properties:
      value: {list_join: ['-', ['nuvola', {get_attr: [secret, value]}]]}
outputs:
  joined:
    description: the joined value
    value: {get_attr: [value, value]}
EOF

if out=$(osd stack create -t "$WORK/stack.yaml" --parameter length=8 --wait -f json "$STACK") \
   && [ "$(doc "$out" | jq -r .stack_status)" = CREATE_COMPLETE ]; then
  ok "stack create --wait"
else
  fail "stack create --wait" "$out"
fi

if out=$(osd stack output show "$STACK" joined -f json) && jq -e '.output_value | test("^nuvola-.{8}$")' <<<"$out" >/dev/null; then
  ok "stack output show"
else
  fail "stack output show" "$out"
fi

if out=$(osd stack resource list "$STACK" -f json) \
   && jq -e 'map(select(.resource_status == "CREATE_COMPLETE")) | map(.resource_name) | sort == ["secret", "value"]' <<<"$out" >/dev/null; then
  ok "stack resource list"
else
  fail "stack resource list" "$out"
fi

if out=$(osd stack event list "$STACK" -f json) \
   && jq -e 'map(select(.resource_name == "secret" and .resource_status == "CREATE_COMPLETE")) | length == 1' <<<"$out" >/dev/null \
   && jq -e --arg s "$STACK" 'map(select(.resource_name == $s and .resource_status == "CREATE_COMPLETE")) | length == 1' <<<"$out" >/dev/null; then
  ok "stack event list"
else
  fail "stack event list" "$out"
fi

if out=$(osd stack delete --yes --wait "$STACK") && ! osd stack show "$STACK" >/dev/null 2>&1; then
  ok "stack delete --wait (then show: not found)"
else
  fail "stack delete --wait (then show: not found)" "$out"
fi

# The seed's example, completed (examples/fg-instance.hot.yaml), as the fg-cloud user: created with --wait, its
# outputs shown, the server ACTIVE with its volume in-use, then deleted leaving no server, volume, port or key pair.
FG=fg-instance-$$
osf() { timeout 300 "$OSC" --os-cloud nom_utilisateur "$@" 2>&1; }
if out=$(osf stack create -t "$HERE/../examples/fg-instance.hot.yaml" --wait -f json "$FG") \
   && [ "$(doc "$out" | jq -r .stack_status)" = CREATE_COMPLETE ]; then
  ok "stack create --wait examples/fg-instance.hot.yaml (fg-cloud user)"
else
  fail "stack create --wait examples/fg-instance.hot.yaml (fg-cloud user)" "$out"
fi
if out=$(osf stack output show "$FG" instance_ip -f json) && jq -e '.output_value | test("^[0-9.]+$")' <<<"$out" >/dev/null \
   && [ "$(osf server show fg-instance -f value -c status)" = ACTIVE ] \
   && [ "$(osf volume list -f value -c Status)" = in-use ]; then
  ok "fg-instance: output instance_ip, server ACTIVE, volume in-use"
else
  fail "fg-instance: output instance_ip, server ACTIVE, volume in-use" "$out"
fi
left() { echo "servers: $(osf server list -f value -c ID | wc -l), volumes: $(osf volume list -f value -c ID | wc -l), key pairs: $(osf keypair list -f value -c Name | grep -c fg-instance-key || true), ports on formation-net: $(osf port list --network formation-net --device-owner compute:nova -f value -c ID | wc -l)"; }
before=$(left)
if out=$(osf stack delete --yes --wait "$FG") && [ "$(left)" = "servers: 0, volumes: 0, key pairs: 0, ports on formation-net: 0" ]; then
  ok "fg-instance: stack delete --wait leaves nothing ($before before)"
else
  fail "fg-instance: stack delete --wait leaves nothing" "$out; $(left)"
fi

nuv_finish
