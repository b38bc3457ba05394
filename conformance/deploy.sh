#!/usr/bin/env bash
# conformance/deploy.sh — `nuvola deploy` / `outputs` / `destroy` against the embedded cloud (profile fg-cloud),
# each destroy checked with the official client (/usr/bin/openstack) to leave nothing behind.
#
# Usage:   conformance/deploy.sh
#
# Inputs (env, all optional):
#   NUVOLA_SHARED      the shared folder holding fixtures/hot/ (default: <repo>/../shared, then the main
#                      checkout's ../shared). Without it only step 1 runs.
#   NUVOLA_URL         http://127.0.0.1:PORT of a running server started with `--profile fg-cloud` (with
#                      NUVOLA_DATA_DIR for its clouds.yaml). Default: start a fresh one with lib.sh.
#   DEPLOY_TIMEOUT     seconds one nuvola command may take (default 120; then it is killed and counts as failed)
#   NUVOLA_START_TIMEOUT, NUVOLA_KEEP_DATA  see lib.sh
#
# Steps (each printed as `ok  <step>`, `FAIL <step>: ...` or `skip <step>: <reason>`):
#   1. examples/fg-instance.hot.yaml with `nuvola deploy --cloud nom_utilisateur` (the fg-cloud user, through
#      OS_CLIENT_CONFIG_FILE = the server's clouds.yaml): deployed; the server ACTIVE and the volume in-use per
#      /usr/bin/openstack; `nuvola outputs` gives instance_ip and volume_id; `nuvola destroy --yes`; then no
#      server, port, volume, floating IP, network, subnet, router, security group or key pair is left that was
#      not there before.
#   2. every template under fixtures/hot/ (nested ones included, deployed on their own) with
#      conformance/deploy/fixtures.env.yaml: `nuvola deploy -f json` (as demo; keystone/* as admin), which validates
#      first and prints the outputs; then `nuvola destroy --yes`, checked to leave nothing (as in 1; projects too for
#      admin). A template is skipped (printed with the reason, not a failure) when it uses a type that is not among
#      those issue 4 requires (and the software deployment types), when the validator says "unsupported resource
#      type", or when deploy refuses it because no driver deploys one of its types (exit 3, nothing changed).
#      Software deployments run with NUVOLA_DEPLOYMENT_SIGNAL_TRANSPORT=NO_SIGNAL (Heat's
#      default_deployment_signal_transport): fake servers run no agent that could signal them.
#   3. the server stops on SIGTERM; its log has no 5xx and no unhandled exception.
# Output: the step lines, then `N passed, M failed` and `S skipped`. Exit 0 if M=0, 1 otherwise
# (2 when the script cannot run at all).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=conformance/lib.sh
. "$HERE/lib.sh"
ROOT=$(nuv_repo_root)
NUVOLA="$ROOT/nuvola"

nuv_use_server --profile fg-cloud
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nuvola-deploy.XXXXXX")
cleanup() { nuv_stop_server || true; nuv_cleanup_data; rm -rf "$WORK"; }
trap cleanup EXIT
# The stack state of this run only; no other cloud than the one named with --cloud.
export NUVOLA_HOME="$WORK/home"
unset OS_CLOUD OS_AUTH_URL NUVOLA_PROGRESS
PASSED=0 FAILED=0 SKIPPED=0
skip() { echo "skip $1: $2"; SKIPPED=$((SKIPPED + 1)); }

# What a project holds, one "kind id" line each, sorted: one openstack process for every list (its
# interactive mode reads the commands from stdin), JSON documents parsed in order.
LISTS_COMMON=("server list" "port list" "volume list" "floating ip list" "network list" "subnet list"
              "router list" "security group list" "keypair list")
snapshot() { # $1 = cloud name in clouds.yaml
  local -a lists=("${LISTS_COMMON[@]}")
  [ "$1" = admin ] && lists+=("project list")
  printf '%s -f json\n' "${lists[@]}" | OS_CLOUD=$1 "$OSC" 2>"$WORK/snapshot.err" \
    | "$PY" -c '
import json, sys
kinds = sys.argv[1:]
text = sys.stdin.read()
decoder, pos, docs = json.JSONDecoder(), 0, []
while True:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        break
    doc, pos = decoder.raw_decode(text, pos)
    docs.append(doc)
if len(docs) != len(kinds):
    print("snapshot-error got %d lists of %d" % (len(docs), len(kinds)))
    sys.exit(0)
lines = []
for kind, doc in zip(kinds, docs):
    for item in doc:
        lines.append("%s %s %s" % (kind.replace(" list", "").replace(" ", "_"), item.get("ID") or item.get("Name"), item.get("Name", "")))
print("\n".join(sorted(lines)))
' "${lists[@]}"
}

# Compares a cloud's objects with its baseline: ok, or the objects that were left (or went missing).
check_nothing_left() { # $1 = step name, $2 = cloud
  local now diff
  now=$(snapshot "$2")
  if [[ "$now" == snapshot-error* ]]; then
    fail "$1" "could not list the project's objects: $now $(head -c 300 "$WORK/snapshot.err")"
    return
  fi
  if diff=$(diff <(printf '%s\n' "${BASELINE[$2]}") <(printf '%s\n' "$now")); then
    ok "$1"
  else
    fail "$1" "left behind (>) or removed (<): $(printf '%s\n' "$diff" | grep '^[<>]' | head -n 12)"
    BASELINE[$2]=$now  # what is left is reported once, not again for every later template
  fi
}

# The resource types issue 4 requires (the OpenStack driver's and the OS::Heat ones) and the software deployment
# types: a template using another type that the validator accepts is skipped.
REQUIRED_TYPES="OS::Nova::Server OS::Nova::KeyPair OS::Nova::ServerGroup OS::Nova::Flavor OS::Neutron::Net
OS::Neutron::Subnet OS::Neutron::Port OS::Neutron::Router OS::Neutron::RouterInterface OS::Neutron::FloatingIP
OS::Neutron::FloatingIPAssociation OS::Neutron::SecurityGroup OS::Neutron::SecurityGroupRule OS::Cinder::Volume
OS::Cinder::VolumeAttachment OS::Glance::WebImage OS::Keystone::Project OS::Keystone::User
OS::Keystone::UserRoleAssignment OS::Keystone::GroupRoleAssignment OS::Heat::ResourceGroup OS::Heat::AutoScalingGroup
OS::Heat::ScalingPolicy OS::Heat::RandomString OS::Heat::Value OS::Heat::None OS::Heat::TestResource
OS::Heat::SoftwareConfig OS::Heat::CloudConfig OS::Heat::MultipartMime OS::Heat::WaitCondition
OS::Heat::WaitConditionHandle OS::Heat::Stack OS::Heat::StructuredConfig OS::Heat::SoftwareDeployment
OS::Heat::SoftwareDeployments OS::Heat::SoftwareDeploymentGroup"
export NUVOLA_DEPLOYMENT_SIGNAL_TRANSPORT=${NUVOLA_DEPLOYMENT_SIGNAL_TRANSPORT:-NO_SIGNAL}
required_types_only() { # $1 = template: "valid", or "unsupported TYPE…: not among …" (nested templates followed)
  REQUIRED_TYPES=$REQUIRED_TYPES "$PY" - "$1" <<'PYEOF'
import os, sys, yaml
required = set(os.environ["REQUIRED_TYPES"].split())
other, seen = set(), set()
def types(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "type" and isinstance(value, str):
                yield value
            else:
                yield from types(value)
    elif isinstance(node, list):
        for item in node:
            yield from types(item)
def walk(path):
    if path in seen:
        return
    seen.add(path)
    doc = yaml.safe_load(open(path)) or {}
    for rtype in types(doc.get("resources") or {}):
        if rtype.endswith((".yaml", ".yml", ".template")):
            nested = os.path.join(os.path.dirname(path), rtype)
            if os.path.exists(nested):
                walk(nested)
        elif rtype.startswith(("OS::", "AWS::")) and rtype not in required:
            other.add(rtype)
walk(sys.argv[1])
print("unsupported %s: not among the resource types Nuvola deploys" % ", ".join(sorted(other)) if other else "valid")
PYEOF
}

run_nuvola() { # $1 = log file, rest = arguments; stdin closed (not a terminal)
  local log=$1
  shift
  timeout -k 5 "${DEPLOY_TIMEOUT:-120}" "$NUVOLA" "$@" >"$log" 2>&1 </dev/null
}

declare -A BASELINE
for cloud in nom_utilisateur demo admin; do
  BASELINE[$cloud]=$(snapshot "$cloud")
  [[ "${BASELINE[$cloud]}" == snapshot-error* ]] && nuv_die "cannot list the objects of cloud $cloud: ${BASELINE[$cloud]} $(cat "$WORK/snapshot.err")"
done

# ---------------------------------------------------------------- 1. the seed's template, completed
EXAMPLE="$ROOT/examples/fg-instance.hot.yaml"
if run_nuvola "$WORK/fg-deploy.log" deploy "$EXAMPLE" --cloud nom_utilisateur; then
  ok "nuvola deploy examples/fg-instance.hot.yaml --cloud nom_utilisateur ($(grep -c ' CREATE_COMPLETE' "$WORK/fg-deploy.log" || true) resources created)"
  status=$(OS_CLOUD=nom_utilisateur "$OSC" server show fg-instance -f value -c status 2>&1 || true)
  volumes=$(OS_CLOUD=nom_utilisateur "$OSC" volume list -f value -c Status 2>&1 || true)
  if [ "$status" = ACTIVE ] && grep -qx 'in-use' <<<"$volumes"; then
    ok "openstack sees server fg-instance ACTIVE and its volume in-use"
  else
    fail "openstack sees server fg-instance ACTIVE and its volume in-use" "server: $status; volumes: $volumes"
  fi
  if run_nuvola "$WORK/fg-outputs.log" outputs fg-instance -f json \
     && out=$("$PY" -c 'import json,sys; o=json.load(open(sys.argv[1]))["outputs"]; assert o["instance_ip"] and o["volume_id"], o; print(o["instance_ip"], o["volume_id"])' "$WORK/fg-outputs.log" 2>&1); then
    ok "nuvola outputs fg-instance: instance_ip and volume_id ($out)"
  else
    fail "nuvola outputs fg-instance" "$(tail -n 5 "$WORK/fg-outputs.log") ${out:-}"
  fi
else
  fail "nuvola deploy examples/fg-instance.hot.yaml --cloud nom_utilisateur" "$(tail -n 15 "$WORK/fg-deploy.log")"
fi
if run_nuvola "$WORK/fg-destroy.log" destroy fg-instance --yes --cloud nom_utilisateur; then
  ok "nuvola destroy fg-instance --yes"
else
  fail "nuvola destroy fg-instance --yes" "$(tail -n 15 "$WORK/fg-destroy.log")"
fi
check_nothing_left "fg-instance: nothing left (servers, ports, volumes, floating IPs, networks, key pairs)" nom_utilisateur

# ---------------------------------------------------------------- 2. the shared HOT fixtures
if ! SHARED=$(nuv_shared_dir) || [ ! -d "$SHARED/fixtures/hot" ]; then
  skip "fixtures/hot" "shared not present (looked at \$NUVOLA_SHARED, $ROOT/../shared and the main checkout's ../shared)"
else
  FIXTURES=$SHARED/fixtures/hot
  # What the templates that take an existing server use: a server of demo's on network private, and the images
  # the fixtures name (their allowed_values) with a few bytes of data.
  head -c 1024 /dev/zero >"$WORK/image.img"
  OS_CLOUD=admin "$OSC" image create --public --disk-format qcow2 --container-format bare --file "$WORK/image.img" \
    F18-x86_64-cfntools >/dev/null 2>"$WORK/setup.err" || nuv_die "cannot create image F18-x86_64-cfntools: $(cat "$WORK/setup.err")"
  OS_CLOUD=demo "$OSC" keypair create deploy-key >/dev/null 2>"$WORK/setup.err" || nuv_die "cannot create key pair deploy-key: $(cat "$WORK/setup.err")"
  OS_CLOUD=admin "$OSC" keypair create deploy-key >/dev/null 2>"$WORK/setup.err" || nuv_die "cannot create key pair deploy-key (admin): $(cat "$WORK/setup.err")"
  SERVER_ID=$(OS_CLOUD=demo "$OSC" server create --image FG_Cloud-Ubuntu-16.04-x86_64 --flavor m1.small --network private \
    --wait -f value -c id deploy-existing 2>"$WORK/setup.err") || nuv_die "cannot create the existing server: $(cat "$WORK/setup.err")"
  SERVER_ID=$(printf '%s' "$SERVER_ID" | tr -d '[:space:]')  # --wait prints a progress line first
  sed "s/@SERVER_ID@/$SERVER_ID/g" "$HERE/deploy/fixtures.env.yaml" >"$WORK/fixtures.env.yaml"
  for cloud in demo admin; do BASELINE[$cloud]=$(snapshot "$cloud"); done

  while IFS= read -r template; do
    rel=${template#"$FIXTURES"/}
    case "$rel" in keystone/*) cloud=admin ;; *) cloud=demo ;; esac
    stack=fx-$(printf '%s' "${rel%.*}" | tr -c 'A-Za-z0-9\n' '-')
    verdict=$(required_types_only "$template")
    if [[ "$verdict" == unsupported* ]]; then skip "$rel" "${verdict#unsupported }"; continue; fi
    # deploy validates first (exit 3 with validate's diagnostics, nothing changed) and prints the outputs (-f json).
    rc=0
    timeout -k 5 "${DEPLOY_TIMEOUT:-120}" "$NUVOLA" deploy "$template" --stack "$stack" -e "$WORK/fixtures.env.yaml" \
      --cloud "$cloud" -f json >"$WORK/deploy.json" 2>"$WORK/deploy.log" </dev/null || rc=$?
    if [ "$rc" = 3 ]; then
      verdict=$("$PY" -c '
import json, sys
try:
    doc = json.load(open(sys.argv[1]))
except Exception:
    print("other"); sys.exit(0)
errors = [d for d in doc.get("diagnostics", []) if d["severity"] == "error"]
unsupported = sorted(set(d["message"] for d in errors if "unsupported resource type" in d["message"]))
print("unsupported " + "; ".join(unsupported) if unsupported else
      "invalid " + " | ".join("%s:%s %s" % (d["line"], d["column"], d["message"]) for d in errors[:5]))
' "$WORK/deploy.json")
      if [[ "$verdict" == unsupported* ]]; then
        skip "$rel" "${verdict#unsupported }"
      elif grep -q '^nuvola: no driver deploys' "$WORK/deploy.log"; then
        skip "$rel" "$(sed -n 's/^nuvola: //p' "$WORK/deploy.log" | head -n 1)"
      else
        fail "$rel: nuvola deploy (validation)" "${verdict#* } $(tail -n 3 "$WORK/deploy.log")"
      fi
      check_nothing_left "$rel: nothing left (refused before anything ran)" "$cloud"
      continue
    fi
    if [ "$rc" = 0 ]; then
      ok "$rel: nuvola deploy ($(grep -c ' CREATE_COMPLETE' "$WORK/deploy.log" || true) resources created, as $cloud)"
      if names=$("$PY" -c 'import json,sys; print(", ".join(json.load(open(sys.argv[1]))["outputs"]) or "none")' "$WORK/deploy.json" 2>&1); then
        ok "$rel: outputs shown ($names)"
      else
        fail "$rel: outputs shown" "$names $(head -c 300 "$WORK/deploy.json")"
      fi
    else
      fail "$rel: nuvola deploy (exit $rc)" "$(tail -n 12 "$WORK/deploy.log") $(head -c 400 "$WORK/deploy.json")"
    fi
    if run_nuvola "$WORK/destroy.log" destroy "$stack" --yes --cloud "$cloud"; then
      ok "$rel: nuvola destroy"
    else
      fail "$rel: nuvola destroy" "$(tail -n 12 "$WORK/destroy.log")"
    fi
    check_nothing_left "$rel: nothing left" "$cloud"
  done < <(find "$FIXTURES" -name '*.yaml' -type f | sort)

  OS_CLOUD=demo "$OSC" server delete --wait "$SERVER_ID" >/dev/null 2>&1 || true
fi

# ---------------------------------------------------------------- 3. stop, server log
nuv_finish || true
echo "$SKIPPED skipped"
[ "$FAILED" -eq 0 ]
