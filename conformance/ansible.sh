#!/usr/bin/env bash
# conformance/ansible.sh — the seed's Ansible playbook (launch_instance.ansible.yml: os_server,
# today openstack.cloud.server, with auto_ip) against the embedded cloud (profile fg-cloud),
# with Debian's `ansible` package; then, where the machine runs the namespace hypervisor, the
# project's second play (conformance/ansible/configure_vm1.yml) configures vm1 over SSH; then the
# project's own play (conformance/ansible/list_and_delete.yml) lists the instance with
# openstack.cloud.server_info and deletes it.
#
# Usage:   conformance/ansible.sh
#
# As root (and with no NUVOLA_URL) the cloud runs with `--hypervisor namespace`, under
# `flock /tmp/nuvola-namespace.lock` (one namespace cloud at a time on this machine; held for this
# run only): vm1 is then a real instance, and configure_vm1.yml reaches it over SSH with the
# cloudkey key pair's private key (DATA/cloudkey.pem) through its floating IP, using
# `nuvola cloud proxy` as SSH's ProxyCommand (so it works whatever this machine's own addresses
# are; the cloud runs with --no-host-interface, so nothing else could reach it). Elsewhere (not root, or the cloud fell back to the fake hypervisor, or a running server
# without DATA/proxy.sock) the fake hypervisor's path runs as before and the script prints
# "skipped: the SSH play ..." with the reason.
#
# Inputs (env, all optional):
#   NUVOLA_SHARED      the shared folder holding fixtures/seed/ (default: <repo>/../shared, then
#                      the main checkout's ../shared). If none is present the script prints
#                      "skipped: shared not present" and exits 0.
#   NUVOLA_URL         http://127.0.0.1:PORT of a running server started with `--profile fg-cloud`
#                      (with NUVOLA_DATA_DIR for its clouds.yaml). Default: start a fresh one.
#   ANSIBLE_VERBOSITY  passed on to ansible-playbook (e.g. 3 to see module arguments)
#   NUVOLA_LOCK_TIMEOUT seconds to wait for /tmp/nuvola-namespace.lock (default 1800)
#   NUVOLA_START_TIMEOUT, NUVOLA_KEEP_DATA  see lib.sh
#
# The packaging snag: Debian's ansible 7.7 carries the openstack.cloud 1.10 collection, whose
# module_utils refuse an openstacksdk newer than MAXIMUM_SDK_VERSION = '0.98.999'; Debian ships
# openstacksdk 0.101. At run time this script copies Debian's collection into a temp dir, raises
# that constant to the installed openstacksdk version, makes the modules' exit_json turn SDK
# resources into plain dicts (without it 1.10 cannot return a server with openstacksdk 0.99+:
# see step 1 below), and points ANSIBLE_COLLECTIONS_PATH at the copy (with the sys.path scan
# off, so Debian's own copy is not found first). Nothing of the collection is kept in the repo.
#
# The seed playbook runs as it is except for one line: its auth_url (https://sbgcloud.in2p3.fr:5000,
# a real cloud these scripts must never reach) becomes http://127.0.0.1:PORT/identity, exactly the
# endpoint rewrite seed.sh does. Its user, password, project, region, image id, key pair, flavor id
# and security group are provided by the fg-cloud profile.
#
# Steps (each printed as `ok  <step>` or `FAIL <step>: ...`):
#   1. the private collection copy: only module_utils/openstack.py changed (ceiling, exit_json)
#   2. the seed playbook: vm1 ACTIVE with a floating IP (checked with /usr/bin/openstack too)
#   3. the seed playbook again: no second vm1, no second floating IP, nothing changed
#   3b. (namespace hypervisor only) conformance/ansible/configure_vm1.yml: opens TCP 22 and 8080 in
#      the default security group, then over SSH (ProxyCommand `nuvola cloud proxy`): hostname is
#      vm1, a file written, a service started (python3 http.server, setsid); checks the file's
#      content and that the service answers on the floating IP; then the same two checks again
#      outside Ansible (ssh and the proxy from this script)
#   4. conformance/ansible/list_and_delete.yml: server_info lists vm1 (ACTIVE, floating IP,
#      key pair); delete (delete_fip: true) removes it and leaves its floating IP released or
#      allocated but unbound (openstacksdk 0.101 leaves it: see the play); a second delete is a
#      no-op; then /usr/bin/openstack releases what is left and nothing remains in the project
#   5. the server stops on SIGTERM; its log has no 5xx and no unhandled exception
# Output: the step lines, then `N passed, M failed`. Exit 0 if M=0, 1 otherwise
# (2 when the script cannot run at all: no ansible, no collection, the server does not start).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=conformance/lib.sh
. "$HERE/lib.sh"

if ! SHARED=$(nuv_shared_dir) || [ ! -d "$SHARED/fixtures/seed" ]; then
  echo "skipped: shared not present (looked at \$NUVOLA_SHARED, $(nuv_repo_root)/../shared and the main checkout's ../shared)"
  exit 0
fi
SEED_PLAYBOOK=$SHARED/fixtures/seed/launch_instance.ansible.yml
[ -f "$SEED_PLAYBOOK" ] || nuv_die "$SEED_PLAYBOOK is missing"
OWN_PLAY=$HERE/ansible/list_and_delete.yml
[ -f "$OWN_PLAY" ] || nuv_die "$OWN_PLAY is missing"
CONFIGURE_PLAY=$HERE/ansible/configure_vm1.yml
[ -f "$CONFIGURE_PLAY" ] || nuv_die "$CONFIGURE_PLAY is missing"

PLAYBOOK_BIN=/usr/bin/ansible-playbook
DEBIAN_COLLECTION=/usr/lib/python3/dist-packages/ansible_collections/openstack/cloud
[ -x "$PLAYBOOK_BIN" ] || nuv_die "$PLAYBOOK_BIN is missing (Debian package ansible; scripts/ensure-packages.sh installs it)"
[ -f "$DEBIAN_COLLECTION/plugins/module_utils/openstack.py" ] \
  || nuv_die "$DEBIAN_COLLECTION is missing (Debian package ansible carries the openstack.cloud collection)"

ORIG_ENDPOINT='https://sbgcloud.in2p3.fr:5000'
FG_USER=nom_utilisateur FG_PASS=super_mdp FG_PROJECT=FG_formation FG_REGION=IPHC

WORK=$(mktemp -d "${TMPDIR:-/tmp}/nuvola-ansible.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

PASSED=0 FAILED=0

# ---------------------------------------------------------------- 1. private collection copy
sdk_version=$("$PY" -c 'import openstack.version; print(openstack.version.__version__)') \
  || nuv_die "openstacksdk is not importable by $PY (Debian package python3-openstacksdk)"
collections=$WORK/collections
mkdir -p "$collections/ansible_collections/openstack"
cp -a "$DEBIAN_COLLECTION" "$collections/ansible_collections/openstack/cloud"
rm -rf "$collections/ansible_collections/openstack/cloud/__pycache__"
utils=$collections/ansible_collections/openstack/cloud/plugins/module_utils/openstack.py
# Two edits to module_utils/openstack.py, each asserted to match exactly once:
#  a. MAXIMUM_SDK_VERSION = '0.98.999' -> the installed openstacksdk's version (the ceiling);
#  b. the module's exit/exit_json hand SDK resources to Ansible as plain dicts. openstacksdk
#     0.99+ returns openstack.resource.Resource objects from its cloud layer (0.98 returned
#     munch dicts); Ansible's exit_json (remove_values) rebuilds every mapping key by key, and
#     Resource refuses the alias keys its keys() lists (Server's `volumes`), so every module
#     returning a server fails with KeyError. openstack.cloud 2.x converts with to_dict() in each
#     module; this does the same once, in the exit path, and changes no module.
if ! patch_out=$("$PY" - "$utils" "$sdk_version" <<'PATCH'
import re, sys
path, sdk = sys.argv[1], sys.argv[2]
src = open(path).read()
ceiling = re.findall(r"^MAXIMUM_SDK_VERSION = '([0-9.]+)'$", src, re.M)
exit_line = "        self.exit = self.exit_json = self.ansible.exit_json\n"
if len(ceiling) != 1 or src.count(exit_line) != 1:
    sys.exit("module_utils/openstack.py does not have exactly one MAXIMUM_SDK_VERSION line and one exit_json binding")
src = re.sub(r"^MAXIMUM_SDK_VERSION = '[0-9.]+'$", "MAXIMUM_SDK_VERSION = '%s'" % sdk, src, flags=re.M)
src = src.replace(exit_line, "        self.exit = self.exit_json = lambda **kw: self.ansible.exit_json(**_nuvola_plain(kw))\n")
src += """

def _nuvola_plain(value):
    # Added by Nuvola's conformance/ansible.sh to its private copy: SDK resources as plain dicts.
    from openstack import resource
    if isinstance(value, resource.Resource):
        value = value.to_dict()
    if isinstance(value, dict):
        return dict((k, _nuvola_plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_nuvola_plain(v) for v in value]
    return value
"""
open(path, "w").write(src)
print("MAXIMUM_SDK_VERSION '%s' -> '%s'" % (ceiling[0], sdk))
PATCH
); then
  nuv_die "cannot patch the private copy: $patch_out"
fi
collection_version=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["collection_info"]["version"])' \
  "$DEBIAN_COLLECTION/MANIFEST.json")
other=$(diff -rq -x openstack.py -x __pycache__ "$DEBIAN_COLLECTION" "$collections/ansible_collections/openstack/cloud" || true)
if [ -z "$other" ] && ! diff -q "$DEBIAN_COLLECTION/plugins/module_utils/openstack.py" "$utils" >/dev/null; then
  ok "private copy of openstack.cloud $collection_version: only module_utils/openstack.py changed ($patch_out; exit_json gets plain dicts)"
else
  fail "private copy of openstack.cloud changes only module_utils/openstack.py" "$other"
fi

# ---------------------------------------------------------------- the cloud and Ansible's setup
SERVE_ARGS=(--profile fg-cloud)
SSH_SKIP=""
if [ -n "${NUVOLA_URL:-}" ]; then
  :
elif [ "$(id -u)" -ne 0 ]; then
  SSH_SKIP="not root (the namespace hypervisor needs root; vm1 is a fake server here)"
else
  # One namespace cloud at a time on this machine: the lock is held until this script exits (fd 8).
  exec 8>/tmp/nuvola-namespace.lock
  if ! flock -n 8; then
    echo "waiting for /tmp/nuvola-namespace.lock (another namespace cloud runs on this machine)" >&2
    t_lock=$(date +%s)
    flock -w "${NUVOLA_LOCK_TIMEOUT:-1800}" 8 || nuv_die "/tmp/nuvola-namespace.lock was not free within ${NUVOLA_LOCK_TIMEOUT:-1800}s"
    echo "got /tmp/nuvola-namespace.lock after $(( $(date +%s) - t_lock ))s" >&2
  fi
  # --no-host-interface: the host's interfaces are left alone, so the SSH play can only work through the proxy.
  SERVE_ARGS+=(--hypervisor namespace --no-host-interface)
fi
nuv_use_server "${SERVE_ARGS[@]}"
cleanup() { nuv_stop_server || true; nuv_cleanup_data; rm -rf "$WORK"; }
trap cleanup EXIT
AUTH_URL="$NUVOLA_URL/identity"
if [ -z "$SSH_SKIP" ]; then
  if [ -z "${NUVOLA_DATA_DIR:-}" ]; then
    SSH_SKIP="the running server $NUVOLA_URL was given without NUVOLA_DATA_DIR (no proxy socket to use)"
  elif [ -n "${NUVOLA_LOG:-}" ] && grep -q "cannot run on this machine" "$NUVOLA_LOG"; then
    SSH_SKIP="the cloud fell back to the fake hypervisor: $(grep -o 'cannot run on this machine.*' "$NUVOLA_LOG" | head -1)"
  elif ! { [ "${#SERVE_ARGS[@]}" -gt 2 ] && nuv_wait_until 20 0.2 test -S "$NUVOLA_DATA_DIR/proxy.sock"; } \
       && ! test -S "$NUVOLA_DATA_DIR/proxy.sock"; then
    SSH_SKIP="no $NUVOLA_DATA_DIR/proxy.sock: the cloud does not run the namespace hypervisor"
  fi
fi
[ -z "$SSH_SKIP" ] && echo "vm1 will be a real instance (namespace hypervisor); the SSH play runs" >&2

sed "s#${ORIG_ENDPOINT}#${AUTH_URL}#g" "$SEED_PLAYBOOK" >"$WORK/launch_instance.ansible.yml"
grep -q "$AUTH_URL" "$WORK/launch_instance.ansible.yml" || nuv_die "the endpoint $ORIG_ENDPOINT was not found in $SEED_PLAYBOOK"
if grep -q sbgcloud "$WORK/launch_instance.ansible.yml"; then nuv_die "the playbook still names sbgcloud after rewriting"; fi
[ "$(diff "$SEED_PLAYBOOK" "$WORK/launch_instance.ansible.yml" | grep -c '^[<>]')" = 2 ] \
  || nuv_die "rewriting the endpoint changed more than one line of the seed playbook"

cat >"$WORK/inventory.ini" <<INI
localhost ansible_connection=local ansible_python_interpreter=$PY
INI
cat >"$WORK/ansible.cfg" <<CFG
[defaults]
inventory = $WORK/inventory.ini
collections_path = $collections
collections_scan_sys_path = False
host_key_checking = False
retry_files_enabled = False
nocolor = True
local_tmp = $WORK/ansible-tmp
remote_tmp = $WORK/ansible-remote-tmp
interpreter_python = $PY
CFG
export ANSIBLE_CONFIG=$WORK/ansible.cfg ANSIBLE_HOME=$WORK/ansible-home
export ANSIBLE_COLLECTIONS_PATH=$collections ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=False
export ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
export ANSIBLE_INVENTORY=$WORK/inventory.ini ANSIBLE_PYTHON_INTERPRETER=$PY
# The seed's task names its credentials itself; clouds.yaml (for the second play) is the data dir's.
export OS_CLIENT_CONFIG_FILE=$NUVOLA_DATA_DIR/clouds.yaml

# ansible-playbook in WORK (no stray ansible.cfg), no stdin, and of OS_* only the clouds.yaml path
# and the two domain names an FG-Cloud user's openrc exports (OS_USER_DOMAIN_NAME,
# OS_PROJECT_DOMAIN_NAME): the seed's auth names its user and project by name without a domain,
# which Keystone v3 refuses (400); openstacksdk fills them in from these variables.
playbook() { # $1 = output file, rest = ansible-playbook arguments
  local out=$1; shift
  (cd "$WORK" && nuv_clean_os_env OS_CLIENT_CONFIG_FILE="$OS_CLIENT_CONFIG_FILE" \
     OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default \
     timeout "${ANSIBLE_TIMEOUT:-600}" "$PLAYBOOK_BIN" "$@" </dev/null) >"$out" 2>&1
}
# The PLAY RECAP's count for localhost: recap FILE FIELD (ok, changed, failed, ...).
recap() { grep -E '^localhost +:' "$1" | tail -n 1 | sed -E "s/.*[[:space:]]$2=([0-9]+).*/\\1/"; }
fg_os() {
  nuv_clean_os_env "$OSC" --os-auth-url "$NUVOLA_URL/identity/v3" --os-identity-api-version 3 \
    --os-username "$FG_USER" --os-password "$FG_PASS" --os-project-name "$FG_PROJECT" \
    --os-user-domain-name Default --os-project-domain-name Default \
    --os-region-name "$FG_REGION" --os-interface public "$@"
}
show_tail() { tail -n 25 "$1"; }

# ---------------------------------------------------------------- 2. the seed playbook
t0=$(date +%s)
if playbook "$WORK/launch1.out" launch_instance.ansible.yml && [ "$(recap "$WORK/launch1.out" failed)" = 0 ]; then
  ok "seed launch_instance.ansible.yml (os_server, auto_ip) ran: changed=$(recap "$WORK/launch1.out" changed) in $(( $(date +%s) - t0 ))s"
else
  fail "seed launch_instance.ansible.yml ran" "$(show_tail "$WORK/launch1.out")"
fi
servers=$(fg_os server list --name '^vm1$' -f value -c ID -c Status 2>&1 || true)
fips=$(fg_os floating ip list -f value -c 'Floating IP Address' -c Port 2>&1 || true)
if [ "$(printf '%s\n' "$servers" | grep -c ' ACTIVE$')" = 1 ] && [ "$(printf '%s\n' "$fips" | grep -cE ' [0-9a-f-]{36}$')" = 1 ]; then
  ok "vm1 is ACTIVE with one floating IP bound to its port ($(echo $fips))"
else
  fail "vm1 is ACTIVE with one floating IP" "servers: $servers; floating IPs: $fips"
fi

# ---------------------------------------------------------------- 3. again: nothing new
t0=$(date +%s)
if playbook "$WORK/launch2.out" launch_instance.ansible.yml && [ "$(recap "$WORK/launch2.out" failed)" = 0 ]; then
  changed=$(recap "$WORK/launch2.out" changed)
  servers2=$(fg_os server list --name '^vm1$' -f value -c ID 2>&1 || true)
  fips2=$(fg_os floating ip list -f value -c 'Floating IP Address' 2>&1 || true)
  if [ "$changed" = 0 ] && [ "$(printf '%s\n' "$servers2" | sed '/^$/d' | wc -l)" = 1 ] \
     && [ "$(printf '%s\n' "$fips2" | sed '/^$/d' | wc -l)" = 1 ]; then
    ok "seed playbook run again: changed=0, still one vm1 and one floating IP ($(( $(date +%s) - t0 ))s)"
  else
    fail "seed playbook run again changes nothing" "changed=$changed; servers: $servers2; floating IPs: $fips2; $(show_tail "$WORK/launch2.out")"
  fi
else
  fail "seed launch_instance.ansible.yml ran a second time" "$(show_tail "$WORK/launch2.out")"
fi

# ---------------------------------------------------------------- 3b. configure vm1 over SSH
if [ -n "$SSH_SKIP" ]; then
  echo "skipped: the SSH play (conformance/ansible/configure_vm1.yml): $SSH_SKIP"
else
  PROXY="$(nuv_repo_root)/nuvola cloud proxy --data-dir $NUVOLA_DATA_DIR"
  KEY=$NUVOLA_DATA_DIR/cloudkey.pem
  "$PY" -c 'import json, sys; print(json.dumps({"cloud": sys.argv[1], "key_file": sys.argv[2], "proxy": sys.argv[3], "port": 8080}))' \
    "$FG_USER" "$KEY" "$PROXY" >"$WORK/configure-vars.json"
  fip=$(fg_os floating ip list -f value -c 'Floating IP Address' 2>/dev/null | head -n 1 || true)
  t0=$(date +%s)
  if playbook "$WORK/configure.out" "$CONFIGURE_PLAY" -e "@$WORK/configure-vars.json" \
     && ! grep -qE '(failed|unreachable)=[1-9]' "$WORK/configure.out"; then
    ok "configure_vm1.yml over SSH (ProxyCommand: nuvola cloud proxy) to vm1's floating IP $fip: hostname vm1, file written, http.server started; the file's content and the service's answer on the floating IP checked ($(( $(date +%s) - t0 ))s)"
  else
    fail "configure_vm1.yml over SSH" "$(show_tail "$WORK/configure.out")"
  fi
  # The same two results, checked again from this script without Ansible.
  SSH=(ssh -i "$KEY" -o "ProxyCommand=$PROXY %h %p" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
       -o BatchMode=yes -o ConnectTimeout=20 -o LogLevel=ERROR)
  content=$("${SSH[@]}" "root@$fip" cat /srv/www/nuvola.txt 2>&1 || true)
  answer=$(printf 'GET /nuvola.txt HTTP/1.0\r\n\r\n' | $PROXY "$fip" 8080 2>&1 || true)
  if [ "$content" = "configured by Ansible over SSH" ] && grep -q '^HTTP/1.[01] 200' <<<"$answer" \
     && grep -q 'configured by Ansible over SSH' <<<"$answer"; then
    ok "outside Ansible: ssh root@$fip (same ProxyCommand) reads the file; GET $fip:8080/nuvola.txt through the proxy returns it"
  else
    fail "outside Ansible: the file over ssh and the service on the floating IP" "file: $content; answer: $(head -c 300 <<<"$answer")"
  fi
fi

# ---------------------------------------------------------------- 4. list and delete
t0=$(date +%s)
if playbook "$WORK/own.out" "$OWN_PLAY" -e "cloud=$FG_USER" && [ "$(recap "$WORK/own.out" failed)" = 0 ]; then
  fate=$(grep -o '"msg": "floating IP [^"]*"' "$WORK/own.out" | sed 's/"msg": //; s/"//g' || true)
  ok "list_and_delete.yml: server_info lists vm1 ACTIVE with its floating IP and key pair; deleted ($fate); second delete a no-op ($(( $(date +%s) - t0 ))s)"
else
  fail "list_and_delete.yml" "$(show_tail "$WORK/own.out")"
fi
# A floating IP the delete left allocated is the project's to release: do it as a user would.
for fip in $(fg_os floating ip list -f value -c ID 2>/dev/null || true); do
  fg_os floating ip delete "$fip" >/dev/null 2>&1 || fail "openstack floating ip delete $fip" "failed"
done
left=$(fg_os server list -f value -c ID 2>&1 || true; fg_os floating ip list -f value -c ID 2>&1 || true)
if [ -z "$(printf '%s' "$left" | tr -d '[:space:]')" ]; then
  ok "nothing left in $FG_PROJECT (no server, no floating IP)"
else
  fail "nothing left in $FG_PROJECT" "$left"
fi

# ---------------------------------------------------------------- 5. stop, server log
nuv_finish
