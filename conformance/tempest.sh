#!/usr/bin/env bash
# conformance/tempest.sh — run Tempest (Debian's tempest 33) on the interop 2022.11
# non-admin list against the embedded cloud, and write a markdown report; with the
# service `orchestration`, Debian's heat-tempest-plugin on the orchestration list
# (../shared/conformance/orchestration-2020.06-required.lst).
#
# Usage:   conformance/tempest.sh RESULTS.md [SERVICE...]
#            RESULTS.md  where to write the report (e.g. docs/conformance-results.md)
#            SERVICE     identity | image | compute | network | volume | orchestration | all
#                        (default: all = the five interop services; orchestration runs alone,
#                        on its own list)
#          e.g. conformance/tempest.sh /tmp/results.md identity image compute
#               TEMPEST_MIN=orchestration=54 conformance/tempest.sh /tmp/heat.md orchestration
#
# Environment (all optional):
#   NUVOLA_URL + NUVOLA_DATA_DIR  use an already running server (default: start a fresh one)
#   NUVOLA_SHARED          shared folder with conformance/interop-2022.11-non-admin.lst
#                          (default <repo>/../shared, then the main checkout's ../shared);
#                          if absent: "skipped: shared not present", exit 0
#   TEMPEST_LIST           another test list (same format: one Tempest test name per line)
#   TEMPEST_CONCURRENCY    workers (default 2)
#   TEMPEST_MIN            minimum passes per service, e.g. "identity=14 image=20 compute=50":
#                          exit 1 if one is not met
#   TEMPEST_STRICT=1       exit 1 if any selected test failed
#   TEMPEST_RESULTS_DIR    where to keep tempest.conf (password removed), the subunit
#                          stream, tempest.log and the server log
#                          (default <repo>/artifacts/tempest, git-ignored)
#   TEMPEST_CINDER / TEMPEST_SWIFT = true   mark those services available (default false)
#   TEMPEST_ISOLATED_NETWORKS=true|false    let Tempest create a network, subnet and router per
#                          test project (default: true when the cloud has the router extension;
#                          otherwise the tests share an admin-made shared network)
#   (old text:)            do not let Tempest create a network, subnet and
#                          router per test project (default true, as DevStack)
#   TEMPEST_TIMEOUT        build_timeout for servers/images/networks (default 60)
#   TEMPEST_KEEP_WORKSPACE=1  keep the temp Tempest workspace (its path is printed)
#
# Output: the per-service table on stdout, the markdown report at RESULTS.md, the raw
# results under TEMPEST_RESULTS_DIR. Exit 0 when Tempest ran and the minimums are met
# (failing tests are reported, not fatal, unless TEMPEST_STRICT=1), 1 when a minimum
# is not met (or TEMPEST_STRICT and a failure), 2 when Tempest could not run.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=conformance/lib.sh
. "$HERE/lib.sh"

[ $# -ge 1 ] || nuv_die "usage: $0 RESULTS.md [identity|image|compute|network|volume|all ...]"
OUT_MD=$1; shift
SERVICES=("$@"); [ ${#SERVICES[@]} -gt 0 ] || SERVICES=(all)
HEAT=false
for s in "${SERVICES[@]}"; do
  case "$s" in identity|image|compute|network|volume|all) ;;
    orchestration) HEAT=true ;;
    *) nuv_die "unknown service '$s' (identity image compute network volume orchestration all)" ;; esac
done
[ "$HEAT" = false ] || [ ${#SERVICES[@]} -eq 1 ] || nuv_die "orchestration runs alone (its own list): conformance/tempest.sh RESULTS.md orchestration"
mkdir -p "$(dirname "$OUT_MD")"
OUT_MD=$(cd "$(dirname "$OUT_MD")" && pwd)/$(basename "$OUT_MD")

LIST=${TEMPEST_LIST:-}
if [ -z "$LIST" ] && [ "$HEAT" = true ]; then
  if ! SHARED=$(nuv_shared_dir) || [ ! -f "$SHARED/conformance/orchestration-2020.06-required.lst" ]; then
    echo "skipped: shared not present (no conformance/orchestration-2020.06-required.lst; set NUVOLA_SHARED or TEMPEST_LIST)"
    exit 0
  fi
  LIST=$SHARED/conformance/orchestration-2020.06-required.lst
fi
if [ -z "$LIST" ]; then
  if ! SHARED=$(nuv_shared_dir) || [ ! -f "$SHARED/conformance/interop-2022.11-non-admin.lst" ]; then
    echo "skipped: shared not present (no conformance/interop-2022.11-non-admin.lst; set NUVOLA_SHARED or TEMPEST_LIST)"
    exit 0
  fi
  LIST=$SHARED/conformance/interop-2022.11-non-admin.lst
fi
[ -f "$LIST" ] || nuv_die "test list $LIST not found"
command -v tempest >/dev/null || nuv_die "tempest is not installed (Debian package tempest)"
if [ "$HEAT" = true ]; then
  "$PY" -c 'import heat_tempest_plugin' 2>/dev/null || nuv_die "heat-tempest-plugin is not installed (Debian package heat-tempest-plugin)"
fi

RESULTS_DIR=${TEMPEST_RESULTS_DIR:-$(nuv_repo_root)/artifacts/tempest}
mkdir -p "$RESULTS_DIR"
RESULTS_DIR=$(cd "$RESULTS_DIR" && pwd)

for v in $(compgen -e); do
  case "$v" in OS_CLIENT_CONFIG_FILE) ;; OS_*) unset "$v" ;; esac
done
nuv_use_server

WS_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/nuvola-tempest.XXXXXX")
cleanup() {
  nuv_stop_server || true
  if [ -n "${NUVOLA_LOG:-}" ] && [ -f "$NUVOLA_LOG" ]; then cp "$NUVOLA_LOG" "$RESULTS_DIR/server.log" || true; fi
  nuv_cleanup_data
  if [ "${TEMPEST_KEEP_WORKSPACE:-0}" = 1 ]; then echo "workspace kept: $WS_ROOT/ws" >&2; else rm -rf "$WS_ROOT"; fi
}
trap cleanup EXIT
WS=$WS_ROOT/ws

# ------------------------------------------------------------------ facts from the cloud
# Credentials and region come from the generated clouds.yaml.
CREDS=$("$PY" - "$OS_CLIENT_CONFIG_FILE" <<'EOF'
import shlex, sys, yaml
c = yaml.safe_load(open(sys.argv[1]))["clouds"]["admin"]
a = c["auth"]
for k, v in (("AUTH_URL", a["auth_url"].rstrip("/")), ("ADMIN_USER", a["username"]),
             ("ADMIN_PASS", a["password"]), ("ADMIN_PROJECT", a.get("project_name", "admin")),
             ("ADMIN_DOMAIN", a.get("user_domain_name") or a.get("user_domain_id") or "Default"),
             ("REGION", c.get("region_name") or "RegionOne")):
    print("%s=%s" % (k, shlex.quote(str(v))))
EOF
) || nuv_die "cannot read the admin cloud from $OS_CLIENT_CONFIG_FILE"
eval "$CREDS"
case "$AUTH_URL" in */v3) ;; *) AUTH_URL=$AUTH_URL/v3 ;; esac
[ "${AUTH_URL#http://127.0.0.1:}" != "$AUTH_URL" ] || nuv_die "clouds.yaml auth_url $AUTH_URL is not on 127.0.0.1"

osa() { "$OSC" --os-cloud admin "$@"; }
# The lookups below are not fatal: a cloud without (say) images can still run the
# identity tests; the compute tests will then fail and say why.
warn() { echo "warning: $*" >&2; }
IMAGE_REF=$(osa image list --public -f json 2>/dev/null | jq -r 'map(select(.Status == "active")) | (map(select(.Name | test("cirros"; "i"))) + .)[0].ID // empty' || true)
[ -n "$IMAGE_REF" ] || warn "no active public image found (image_ref left empty)"
ALT_NAME=tempest-alt-image
IMAGE_REF_ALT=$(osa image list --public -f json 2>/dev/null | jq -r --arg n "$ALT_NAME" 'map(select(.Name == $n and .Status == "active"))[0].ID // empty' || true)
if [ -z "$IMAGE_REF_ALT" ] && [ -n "$IMAGE_REF" ]; then
  head -c 65536 /dev/urandom >"$WS_ROOT/alt.img"
  IMAGE_REF_ALT=$(osa image create --public --disk-format raw --container-format bare \
                  --file "$WS_ROOT/alt.img" -f value -c id "$ALT_NAME" 2>"$WS_ROOT/alt.err") \
    || { warn "could not create the second image $ALT_NAME: $(tail -n 1 "$WS_ROOT/alt.err")"; IMAGE_REF_ALT=''; }
fi
FLAVOR_REF=$(osa flavor show m1.tiny -f value -c id 2>/dev/null) || { warn "no flavor m1.tiny"; FLAVOR_REF=1; }
FLAVOR_REF_ALT=$(osa flavor show m1.small -f value -c id 2>/dev/null) || { warn "no flavor m1.small"; FLAVOR_REF_ALT=2; }
PUBLIC_NET_ID=$(osa network list --external -f json 2>/dev/null | jq -r 'map(select(.Name == "public"))[0].ID // .[0].ID // empty' || true)
[ -n "$PUBLIC_NET_ID" ] || warn "no external network found (public_network_id left empty)"
# Network extensions the server advertises: Tempest skips tests that need others.
NET_EXTS=$(osa extension list --network -f value -c Alias 2>/dev/null | paste -sd, - || true)
# Cinder: name the volume extensions the cloud lists (the default "all" expects os-hosts, which it has not).
VOLUME_EXTS=""
if [ "${TEMPEST_CINDER:-false}" = true ]; then
  VOLUME_EXTS="api_extensions = $(osa extension list --volume -f value -c Alias 2>/dev/null | paste -sd, - || true)"
fi
has_ext() { [[ ",$NET_EXTS," == *",$1,"* ]] && echo true || echo false; }
# Isolated networks (a network, subnet and router per test project) need routers; without
# them the tests share one admin-made shared network.
ISO=${TEMPEST_ISOLATED_NETWORKS:-$(has_ext router)}
FIXED_NET=private
if [ "$ISO" = false ]; then
  FIXED_NET=tempest-shared
  if ! osa network show "$FIXED_NET" >/dev/null 2>&1; then
    { osa network create --share "$FIXED_NET" && osa subnet create --network "$FIXED_NET" --subnet-range 10.200.0.0/22 "$FIXED_NET-subnet"; } >/dev/null 2>"$WS_ROOT/net.err" \
      || warn "could not create the shared network $FIXED_NET: $(tail -n 1 "$WS_ROOT/net.err")"
  fi
fi
# Compute microversion range the server advertises.
read -r NOVA_MIN NOVA_MAX < <(curl -s --noproxy '*' "$NUVOLA_URL/compute/v2.1" \
  | jq -r '.version | "\(if (.min_version // "") == "" then "2.1" else .min_version end) \(if (.version // "") == "" then "2.1" else .version end)"' 2>/dev/null || echo "2.1 2.1")
[ -n "${NOVA_MAX:-}" ] || { NOVA_MIN=2.1 NOVA_MAX=2.1; }
echo "image_ref=$IMAGE_REF image_ref_alt=$IMAGE_REF_ALT flavors=$FLAVOR_REF/$FLAVOR_REF_ALT public=$PUBLIC_NET_ID nova=$NOVA_MIN..$NOVA_MAX" >&2
echo "network extensions: ${NET_EXTS:-(none)}" >&2

# ------------------------------------------------------------------ workspace and config
(cd "$WS_ROOT" && tempest init --workspace-path "$WS_ROOT/workspace.yaml" --name "nuvola-$$" "$WS") >/dev/null \
  || nuv_die "tempest init failed"
T=${TEMPEST_TIMEOUT:-60}
cat >"$WS/etc/tempest.conf" <<EOF
[DEFAULT]
debug = true
log_dir = $WS/logs
log_file = tempest.log

[oslo_concurrency]
lock_path = $WS/tempest_lock

[auth]
use_dynamic_credentials = true
create_isolated_networks = $ISO
admin_username = $ADMIN_USER
admin_password = $ADMIN_PASS
admin_project_name = $ADMIN_PROJECT
admin_domain_name = $ADMIN_DOMAIN
admin_user_domain_name = $ADMIN_DOMAIN
admin_project_domain_name = $ADMIN_DOMAIN
default_credentials_domain_name = $ADMIN_DOMAIN

[identity]
uri_v3 = $AUTH_URL
auth_version = v3
region = $REGION
v3_endpoint_type = public
admin_role = admin
default_domain_id = default
disable_ssl_certificate_validation = true

[identity-feature-enabled]
api_v2 = false
api_v2_admin = false
api_v3 = true
trust = true
project_tags = true
application_credentials = true
access_rules = true
security_compliance = true
domain_specific_drivers = false

[service-clients]
http_timeout = 60

[compute]
image_ref = $IMAGE_REF
image_ref_alt = $IMAGE_REF_ALT
flavor_ref = $FLAVOR_REF
flavor_ref_alt = $FLAVOR_REF_ALT
fixed_network_name = $FIXED_NET
region = $REGION
endpoint_type = publicURL
build_timeout = $T
build_interval = 1
min_compute_nodes = 1
min_microversion = $NOVA_MIN
max_microversion = $NOVA_MAX

[compute-feature-enabled]
disk_config = true
hostname_fqdn_sanitization = true
change_password = false
console_output = true
resize = true
pause = true
shelve = true
shelve_migrate = false
suspend = true
cold_migration = false
live_migration = false
live_migrate_back_and_forth = false
metadata_service = true
vnc_console = false
spice_console = false
serial_console = false
rescue = true
stable_rescue = false
enable_instance_password = true
interface_attach = true
snapshot = true
personality = false
attach_encrypted_volume = false
config_drive = true
swap_volume = false
volume_multiattach = false
xenapi_apis = false

[image]
region = $REGION
endpoint_type = publicURL
build_timeout = $T
build_interval = 1
container_formats = bare,ami,ari,aki,ovf,ova
disk_formats = qcow2,raw,ami,ari,aki,vhd,vmdk,vdi,iso,vhdx

[image-feature-enabled]
api_v2 = true
api_v1 = false
import_image = false
manage_locations = false

[network]
region = $REGION
endpoint_type = publicURL
public_network_id = $PUBLIC_NET_ID
floating_network_name = public
project_network_cidr = 10.100.0.0/16
project_network_mask_bits = 28
project_networks_reachable = false
build_timeout = $T
build_interval = 1

[network-feature-enabled]
ipv6 = true
ipv6_subnet_attributes = true
api_extensions = ${NET_EXTS}
port_admin_state_change = true
port_security = $(has_ext port-security)
floating_ips = $(has_ext router)

[validation]
run_validation = false

[volume]
region = $REGION
build_timeout = $T
build_interval = 1

[volume-feature-enabled]
backup = false
${VOLUME_EXTS}

[service_available]
nova = true
glance = true
neutron = true
cinder = ${TEMPEST_CINDER:-false}
swift = ${TEMPEST_SWIFT:-false}
heat = $HEAT
horizon = false
EOF
if [ "$HEAT" = true ]; then
  # heat-tempest-plugin uses static credentials: the generated demo user (a member), admin as admin.
  DEMO=$("$PY" - "$OS_CLIENT_CONFIG_FILE" <<'PYEOF'
import shlex, sys, yaml
a = yaml.safe_load(open(sys.argv[1]))["clouds"]["demo"]["auth"]
for k, v in (("DEMO_USER", a["username"]), ("DEMO_PASS", a["password"]), ("DEMO_PROJECT", a.get("project_name", "demo"))):
    print("%s=%s" % (k, shlex.quote(str(v))))
PYEOF
  ) || nuv_die "cannot read the demo cloud from $OS_CLIENT_CONFIG_FILE"
  eval "$DEMO"
  IMAGE_NAME=$(osa image show "$IMAGE_REF" -f value -c name 2>/dev/null || echo "$IMAGE_REF")
  cat >>"$WS/etc/tempest.conf" <<EOF

[heat_plugin]
auth_url = $AUTH_URL
auth_version = 3
username = $DEMO_USER
password = $DEMO_PASS
project_name = $DEMO_PROJECT
admin_username = $ADMIN_USER
admin_password = $ADMIN_PASS
admin_project_name = $ADMIN_PROJECT
user_domain_name = $ADMIN_DOMAIN
project_domain_name = $ADMIN_DOMAIN
region = $REGION
endpoint_type = public
image_ref = $IMAGE_NAME
minimal_image_ref = $IMAGE_NAME
instance_type = m1.tiny
minimal_instance_type = m1.tiny
fixed_network_name = private
network_for_ssh = private
fixed_subnet_name = private-subnet
floating_network_name = public
build_interval = 1
build_timeout = ${TEMPEST_HEAT_TIMEOUT:-120}
disable_ssl_certificate_validation = true
skip_scenario_tests = false
skip_functional_tests = false
convergence_engine_enabled = true
EOF
fi
sed -E 's/^(admin_)?password = .*/\1password = (removed)/' "$WS/etc/tempest.conf" >"$RESULTS_DIR/tempest.conf"

# ------------------------------------------------------------------ test selection
"$PY" "$HERE/tempest_report.py" include-list "$LIST" "$WS/include.lst" "$WS/selected.lst" "${SERVICES[@]}" >"$WS/count"
COUNT=$(cat "$WS/count")
[ "$COUNT" -gt 0 ] || nuv_die "no test of ${SERVICES[*]} in $LIST"
echo "running $COUNT tests of ${SERVICES[*]} from $(basename "$LIST") (concurrency ${TEMPEST_CONCURRENCY:-2})" >&2

# ------------------------------------------------------------------ run
set +e
(cd "$WS" && tempest run --workspace-path "$WS_ROOT/workspace.yaml" \
   --include-list "$WS/include.lst" --concurrency "${TEMPEST_CONCURRENCY:-2}") >"$RESULTS_DIR/tempest-run.txt" 2>&1
RUN_RC=$?
set -e
tail -n 25 "$RESULTS_DIR/tempest-run.txt" >&2
(cd "$WS" && stestr last --subunit) >"$RESULTS_DIR/results.subunit" 2>/dev/null \
  || { echo "---- tempest run output (tail)" >&2; tail -n 60 "$RESULTS_DIR/tempest-run.txt" >&2;
       nuv_die "no results: tempest run exited $RUN_RC before producing a subunit stream (see $RESULTS_DIR/tempest-run.txt)"; }
for f in "$WS/logs/tempest.log" "$WS/tempest.log"; do [ -f "$f" ] && cp "$f" "$RESULTS_DIR/tempest.log"; done
cp "$WS/selected.lst" "$RESULTS_DIR/selected.lst"

# ------------------------------------------------------------------ report
TITLE="Tempest interop 2022.11 (non-admin) against nuvola cloud serve — ${SERVICES[*]}"
[ "$HEAT" = false ] || TITLE="heat-tempest-plugin on $(basename "$LIST") against nuvola cloud serve — orchestration"
set +e
"$PY" "$HERE/tempest_report.py" report "$WS/selected.lst" "$RESULTS_DIR/results.subunit" "$OUT_MD" \
  "$TITLE" "${TEMPEST_MIN:-}"
REPORT_RC=$?
set -e
[ "$REPORT_RC" -le 1 ] || nuv_die "could not build the report from $RESULTS_DIR/results.subunit"
echo "report: $OUT_MD   raw results: $RESULTS_DIR" >&2
rm -f "$RESULTS_DIR/server-errors.txt"
if [ -n "${NUVOLA_LOG:-}" ] && ! nuv_check_log "$NUVOLA_LOG" 2>"$RESULTS_DIR/server-errors.txt"; then
  echo "note: the server log has 5xx / exceptions: see $RESULTS_DIR/server-errors.txt" >&2
else
  rm -f "$RESULTS_DIR/server-errors.txt"
fi
[ "$REPORT_RC" -eq 0 ] || exit 1
if [ "${TEMPEST_STRICT:-0}" = 1 ] && grep -q '^## Failing tests' "$OUT_MD"; then
  echo "TEMPEST_STRICT=1 and some tests failed" >&2; exit 1
fi
exit 0
