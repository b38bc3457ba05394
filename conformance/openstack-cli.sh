#!/usr/bin/env bash
# conformance/openstack-cli.sh — drive the official OpenStack CLI (/usr/bin/openstack)
# through the everyday workflows against the embedded cloud, checking real content.
#
# Usage:   conformance/openstack-cli.sh
#
# Inputs (env, all optional):
#   NUVOLA_URL + NUVOLA_DATA_DIR  use an already running server (http://127.0.0.1:PORT and
#                                 its data dir holding clouds.yaml); NUVOLA_LOG, if also set,
#                                 is scanned for 5xx / exceptions at the end.
#                                 Default: start a fresh server with lib.sh and stop it after.
#   NUVOLA_PROFILE                pass `--profile NAME` when starting the server
#   CLI_WAIT_TIMEOUT              seconds to wait for a server state change (default 120)
#   CLI_EXTERNAL_NETWORK          the external network (floating IP pool) to use: default `public`,
#                                 `ext-net` when NUVOLA_PROFILE=fg-cloud (that profile's only one)
#   NUVOLA_START_TIMEOUT, NUVOLA_KEEP_DATA  see lib.sh
#
# Uses the clouds `admin` and `demo` of the generated clouds.yaml.
# Output: one line per step, `ok  <step>` or `FAIL <step>: <why and output>`, then the
# summary `N passed, M failed` alone on a line. Exit 0 if M=0, 1 if M>0, 2 if the script
# cannot run at all (no server).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=conformance/lib.sh
. "$HERE/lib.sh"

# Only the clouds.yaml we are given may configure the clients.
for v in $(compgen -e); do
  case "$v" in OS_CLIENT_CONFIG_FILE) ;; OS_*) unset "$v" ;; esac
done

profile_args=()
[ -n "${NUVOLA_PROFILE:-}" ] && profile_args=(--profile "$NUVOLA_PROFILE")
nuv_use_server "${profile_args[@]}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/nuvola-cli.XXXXXX")
cleanup() { nuv_stop_server || true; nuv_cleanup_data; rm -rf "$WORK"; }
trap cleanup EXIT
WAIT=${CLI_WAIT_TIMEOUT:-120}
EXT_NET=${CLI_EXTERNAL_NETWORK:-public}
[ -z "${CLI_EXTERNAL_NETWORK:-}" ] && [ "${NUVOLA_PROFILE:-}" = fg-cloud ] && EXT_NET=ext-net
SFX=$$                       # unique names, so reruns on one server do not collide
PASSED=0 FAILED=0

osa() { "$OSC" --os-cloud admin "$@"; }
osd() { "$OSC" --os-cloud demo "$@"; }

# run CMD...: capture stdout+stderr in OUT, return CMD's status.
run() { OUT=$("$@" 2>&1); }
# why MSG: record why a step fails, return 1.
why() { WHY=$*; return 1; }
# step NAME FUNCTION [ARGS...]: run one step, print ok/FAIL, never abort.
step() {
  local name=$1; shift
  OUT='' WHY=''
  if "$@"; then
    echo "ok  $name"; PASSED=$((PASSED + 1))
  else
    local out=${OUT//$'\n'/ | }
    echo "FAIL $name: ${WHY:-command failed}${out:+ — output: ${out:0:1500}}"
    FAILED=$((FAILED + 1))
  fi
}
# need VAR...: fail at once (without running anything) when an earlier step did
# not produce the id this step works on.
need() {
  local v; for v in "$@"; do
    [ -n "${!v:-}" ] || why "not tried: an earlier step failed (no ${v})"
  done
}
# jq on OUT
jqo() { jq -r "$@" <<<"$OUT"; }
has_line() { grep -qxF -- "$1" <<<"$2"; }

# poll_status CLOUD SERVER WANT: wait until the server's status is WANT (deadline $WAIT).
poll_status() {
  local cloud=$1 server=$2 want=$3 deadline status=''
  deadline=$(( $(date +%s) + WAIT ))
  while :; do
    status=$("$OSC" --os-cloud "$cloud" server show -f value -c status "$server" 2>&1) || true
    [ "$status" = "$want" ] && return 0
    [ "$status" = ERROR ] && why "server $server went to ERROR while waiting for $want"
    [ "$(date +%s)" -ge "$deadline" ] && why "server $server is '$status', not $want, after ${WAIT}s"
    sleep 1
  done
}

# ===================================================================== identity
s_token_issue() {
  run osa token issue -f json || return 1
  local id pid; id=$(jqo .id) pid=$(jqo .project_id)
  [ -n "$id" ] && [ "$id" != null ] || why "no token id"
  [ -n "$pid" ] && [ "$pid" != null ] || why "token has no project_id"
  run osd token issue -f value -c id || return 1
  [ -n "$OUT" ] || why "demo: empty token"
}
step "token issue (admin, demo)" s_token_issue

s_catalog_list() {
  run osa catalog list -f json || return 1
  local t
  for t in identity compute image network; do
    jq -e --arg t "$t" 'map(select(.Type == $t)) | length == 1' <<<"$OUT" >/dev/null \
      || why "no single '$t' service in the catalog"
  done
  grep -q "127.0.0.1:$NUVOLA_PORT" <<<"$OUT" || why "catalog endpoints do not point at 127.0.0.1:$NUVOLA_PORT"
  grep -q "$NUVOLA_URL/compute/v2.1" <<<"$OUT" || why "no compute endpoint $NUVOLA_URL/compute/v2.1"
}
step "catalog list" s_catalog_list

s_versions_show() {
  run osa versions show -f json || return 1
  local t
  for t in identity compute image network; do
    jq -e --arg t "$t" 'map(select(."Service Type" == $t and (.Status|ascii_upcase) == "CURRENT")) | length >= 1' <<<"$OUT" >/dev/null \
      || why "no CURRENT version for '$t'"
  done
  jq -e 'map(select(."Service Type" == "compute" and .Version == "2.1" and ((."Max Microversion" // "") != ""))) | length == 1' <<<"$OUT" >/dev/null \
    || why "compute 2.1 has no max microversion"
}
step "versions show" s_versions_show

PROJ=conf-proj-$SFX USR=conf-user-$SFX
s_project_create() {
  run osa project create --domain default --description "conformance" "$PROJ" -f json || return 1
  [ "$(jqo .name)" = "$PROJ" ] || why "name mismatch"
  [ "$(jqo .enabled)" = true ] || why "not enabled"
  run osa project list -f value -c Name || return 1
  has_line "$PROJ" "$OUT" || why "$PROJ not in project list"
  has_line admin "$OUT" && has_line demo "$OUT" || why "admin/demo not in project list"
}
step "project create/list" s_project_create

s_user_create() {
  run osa user create --domain default --password 'Conf-pw-1' --project "$PROJ" "$USR" -f json || return 1
  [ "$(jqo .name)" = "$USR" ] || why "name mismatch"
  run osa user list -f value -c Name || return 1
  has_line "$USR" "$OUT" || why "$USR not in user list"
}
step "user create/list" s_user_create

s_role_assignment() {
  run osa role list -f value -c Name || return 1
  local r; for r in admin member reader; do has_line "$r" "$OUT" || why "role $r missing from role list"; done
  run osa role add --project "$PROJ" --user "$USR" member || return 1
  run osa role assignment list --user "$USR" --project "$PROJ" --names -f json || return 1
  jq -e 'map(select((.Role == "member") and (.User | startswith("'"$USR"'")) and (.Project | startswith("'"$PROJ"'")))) | length == 1' <<<"$OUT" >/dev/null \
    || why "member assignment of $USR on $PROJ not listed"
  # The new user can log in to the project.
  run "$OSC" --os-auth-url "$NUVOLA_URL/identity/v3" --os-identity-api-version 3 \
    --os-username "$USR" --os-password 'Conf-pw-1' --os-project-name "$PROJ" \
    --os-user-domain-name Default --os-project-domain-name Default token issue -f value -c project_id || return 1
  [ -n "$OUT" ] || why "no project id in the new user's token"
}
step "role add / role assignment list (and login as the new user)" s_role_assignment

s_identity_delete() {
  run osa role remove --project "$PROJ" --user "$USR" member || return 1
  run osa role assignment list --user "$USR" --project "$PROJ" -f value || return 1
  [ -z "$OUT" ] || why "assignment still listed after role remove"
  run osa user delete "$USR" || return 1
  run osa project delete "$PROJ" || return 1
  run osa project list -f value -c Name || return 1
  ! has_line "$PROJ" "$OUT" || why "$PROJ still listed after delete"
  run osa user list -f value -c Name || return 1
  ! has_line "$USR" "$OUT" || why "$USR still listed after delete"
}
step "role remove / user delete / project delete" s_identity_delete

# ===================================================================== flavors
s_flavor_list() {
  run osd flavor list -f json || return 1
  local i n
  for i in 1 2 3 4 5; do
    n=(tiny small medium large xlarge); n=m1.${n[$((i - 1))]}
    jq -e --arg id "$i" --arg n "$n" 'map(select(.ID == $id and .Name == $n)) | length == 1' <<<"$OUT" >/dev/null \
      || why "flavor $n with id $i not listed"
  done
}
step "flavor list (m1.tiny..m1.xlarge, ids 1-5)" s_flavor_list

s_flavor_show() {
  run osd flavor show m1.small -f json || return 1
  [ "$(jqo .id)" = 2 ] || why "m1.small id is not 2"
  [ "$(jqo .vcpus)" -ge 1 ] 2>/dev/null && [ "$(jqo .ram)" -ge 64 ] 2>/dev/null || why "bad vcpus/ram"
}
step "flavor show" s_flavor_show

FLV=conf-flavor-$SFX
s_flavor_create() {
  run osa flavor create --ram 256 --disk 2 --vcpus 2 --property conf=yes "$FLV" -f json || return 1
  [ "$(jqo .ram)" = 256 ] && [ "$(jqo .disk)" = 2 ] && [ "$(jqo .vcpus)" = 2 ] || why "ram/disk/vcpus not as created"
  run osa flavor show "$FLV" -f json || return 1
  jqo '.properties' | grep -q "conf" || why "property conf=yes not shown"
  run osd flavor list -f value -c Name || return 1
  has_line "$FLV" "$OUT" || why "$FLV not in flavor list"
}
step "flavor create/show" s_flavor_create

s_flavor_delete() {
  run osa flavor delete "$FLV" || return 1
  run osd flavor list -f value -c Name || return 1
  ! has_line "$FLV" "$OUT" || why "$FLV still listed"
  if run osa flavor show "$FLV"; then why "flavor show succeeds after delete"; fi
  OUT=''
}
step "flavor delete" s_flavor_delete

# ===================================================================== images
IMG=conf-image-$SFX IMGFILE=$WORK/image.raw
head -c 1048576 /dev/urandom >"$IMGFILE"; printf 'nuvola-conformance-%s' "$SFX" >>"$IMGFILE"
IMG_SIZE=$(stat -c %s "$IMGFILE") IMG_MD5=$(md5sum "$IMGFILE" | cut -d' ' -f1)
IMG_ID=''
s_image_create() {
  run osd image create --file "$IMGFILE" --disk-format raw --container-format bare --private "$IMG" -f json || return 1
  IMG_ID=$(jqo .id)
  [ -n "$IMG_ID" ] && [ "$IMG_ID" != null ] || why "no id"
  run osd image show "$IMG_ID" -f json || return 1
  [ "$(jqo .status)" = active ] || why "status is $(jqo .status), not active"
  [ "$(jqo .size)" = "$IMG_SIZE" ] || why "size $(jqo .size) != $IMG_SIZE"
  [ "$(jqo .checksum)" = "$IMG_MD5" ] || why "checksum $(jqo .checksum) != md5 $IMG_MD5"
  [ "$(jqo .visibility)" = private ] || why "visibility not private"
  [ "$(jqo .disk_format)" = raw ] && [ "$(jqo .container_format)" = bare ] || why "formats not raw/bare"
}
step "image create --file / image show (status, size, checksum)" s_image_create

s_image_list() {
  need IMG_ID || return 1
  run osd image list -f json || return 1
  jq -e --arg n "$IMG" --arg id "$IMG_ID" 'map(select(.Name == $n and .ID == $id)) | length == 1' <<<"$OUT" >/dev/null \
    || why "$IMG ($IMG_ID) not in image list"
  run osd image list --private -f value -c ID || return 1
  has_line "$IMG_ID" "$OUT" || why "$IMG_ID not in image list --private"
  run osd image list --public -f value -c ID || return 1
  ! has_line "$IMG_ID" "$OUT" || why "private image $IMG_ID listed by image list --public"
}
step "image list" s_image_list

s_image_save() {
  need IMG_ID || return 1
  run osd image save --file "$WORK/saved.raw" "$IMG_ID" || return 1
  cmp -s "$IMGFILE" "$WORK/saved.raw" || why "saved bytes differ from the uploaded ones ($(stat -c %s "$WORK/saved.raw" 2>/dev/null || echo 0) vs $IMG_SIZE bytes)"
}
step "image save (bytes equal the uploaded ones)" s_image_save

s_image_set() {
  need IMG_ID || return 1
  run osd image set --property conf_key=conf_value --tag conf-tag --min-disk 1 --name "$IMG-renamed" "$IMG_ID" || return 1
  run osd image show "$IMG_ID" -f json || return 1
  [ "$(jqo .name)" = "$IMG-renamed" ] || why "name not changed"
  [ "$(jqo .min_disk)" = 1 ] || why "min_disk not 1"
  grep -q 'conf_key' <<<"$OUT" && grep -q 'conf_value' <<<"$OUT" || why "property conf_key=conf_value not shown"
  grep -q 'conf-tag' <<<"$OUT" || why "tag conf-tag not shown"
}
step "image set (name, property, tag, min-disk)" s_image_set

s_image_delete() {
  need IMG_ID || return 1
  run osd image delete "$IMG_ID" || return 1
  run osd image list -f value -c ID || return 1
  ! has_line "$IMG_ID" "$OUT" || why "image still listed"
  if run osd image show "$IMG_ID"; then why "image show succeeds after delete"; fi
  OUT=''
}
step "image delete" s_image_delete

# ===================================================================== keypairs
KP=conf-key-$SFX KP2=conf-key2-$SFX
s_keypair() {
  run osd keypair create "$KP" || return 1
  grep -q -- '-----BEGIN' <<<"$OUT" || why "no private key printed"
  printf '%s\n' "$OUT" >"$WORK/kp.pem"; chmod 600 "$WORK/kp.pem"
  if command -v ssh-keygen >/dev/null; then
    ssh-keygen -y -f "$WORK/kp.pem" >"$WORK/kp.pub" 2>/dev/null || why "the private key printed is not a valid key"
  fi
  run osd keypair show --public-key "$KP" || return 1
  if [ -s "$WORK/kp.pub" ]; then
    [ "$(cut -d' ' -f1,2 "$WORK/kp.pub")" = "$(cut -d' ' -f1,2 <<<"$OUT")" ] || why "public key does not match the private key"
    run osd keypair create --public-key "$WORK/kp.pub" "$KP2" -f json || return 1
    [ "$(jqo .name)" = "$KP2" ] || why "imported keypair name mismatch"
  fi
  run osd keypair list -f value -c Name || return 1
  has_line "$KP" "$OUT" || why "$KP not in keypair list"
}
step "keypair create/show/list (generated and imported)" s_keypair

s_keypair_delete() {
  run osd keypair delete "$KP" || return 1
  [ -s "$WORK/kp.pub" ] && { run osd keypair delete "$KP2" || return 1; }
  run osd keypair list -f value -c Name || return 1
  ! has_line "$KP" "$OUT" || why "$KP still listed"
}
step "keypair delete" s_keypair_delete

# ===================================================================== networks
NET=conf-net-$SFX SUB=conf-subnet-$SFX PORT=conf-port-$SFX SG=conf-sg-$SFX
NET_ID='' SUB_ID='' PORT_ID='' SG_ID='' RULE_ID=''
s_network() {
  run osd network create "$NET" -f json || return 1
  NET_ID=$(jqo .id)
  [ "$(jqo .status)" = ACTIVE ] || why "network status $(jqo .status)"
  run osd network list -f json || return 1
  jq -e --arg n "$NET" 'map(select(.Name == $n)) | length == 1' <<<"$OUT" >/dev/null || why "$NET not listed"
  jq -e 'map(select(.Name == "private")) | length == 1' <<<"$OUT" >/dev/null || why "network private not listed"
  run osd network list --external -f value -c Name || return 1
  has_line "$EXT_NET" "$OUT" || why "network $EXT_NET not listed as external"
}
step "network create/list" s_network

s_subnet() {
  need NET_ID || return 1
  run osd subnet create --network "$NET" --subnet-range 10.42.0.0/24 "$SUB" -f json || return 1
  SUB_ID=$(jqo .id)
  [ "$(jqo .cidr)" = 10.42.0.0/24 ] || why "cidr $(jqo .cidr)"
  [ "$(jqo .gateway_ip)" = 10.42.0.1 ] || why "gateway $(jqo .gateway_ip), expected 10.42.0.1"
  [ "$(jqo .network_id)" = "$NET_ID" ] || why "network_id mismatch"
  run osd subnet list --network "$NET_ID" -f value -c Name || return 1
  has_line "$SUB" "$OUT" || why "$SUB not listed"
}
step "subnet create/list" s_subnet

s_port() {
  need NET_ID || return 1
  run osd port create --network "$NET" "$PORT" -f json || return 1
  PORT_ID=$(jqo .id)
  jqo '.fixed_ips | tostring' | grep -q '10\.42\.0\.' || why "port has no fixed ip in 10.42.0.0/24"
  [ -n "$(jqo .mac_address)" ] || why "no mac address"
  run osd port list --network "$NET_ID" -f value -c ID || return 1
  has_line "$PORT_ID" "$OUT" || why "$PORT not listed"
}
step "port create/list" s_port

s_secgroup() {
  run osd security group create --description conformance "$SG" -f json || return 1
  SG_ID=$(jqo .id)
  run osd security group rule create --protocol tcp --dst-port 22:22 --remote-ip 0.0.0.0/0 --ingress "$SG_ID" -f json || return 1
  RULE_ID=$(jqo .id)
  [ "$(jqo .port_range_min)" = 22 ] && [ "$(jqo .port_range_max)" = 22 ] || why "port range not 22:22"
  run osd security group list -f value -c Name || return 1
  has_line "$SG" "$OUT" || why "$SG not listed"
  has_line default "$OUT" || why "no default security group"
  run osd security group rule list "$SG_ID" -f value -c ID || return 1
  has_line "$RULE_ID" "$OUT" || why "rule $RULE_ID not listed"
}
step "security group and rule create/list" s_secgroup

s_network_delete() {
  need SG_ID RULE_ID PORT_ID SUB_ID NET_ID || return 1
  run osd security group rule delete "$RULE_ID" || return 1
  run osd security group rule list "$SG_ID" -f value -c ID || return 1
  ! has_line "$RULE_ID" "$OUT" || why "rule still listed"
  run osd security group delete "$SG_ID" || return 1
  run osd port delete "$PORT_ID" || return 1
  run osd subnet delete "$SUB_ID" || return 1
  run osd network delete "$NET_ID" || return 1
  run osd network list -f value -c Name || return 1
  ! has_line "$NET" "$OUT" || why "$NET still listed"
  run osd security group list -f value -c Name || return 1
  ! has_line "$SG" "$OUT" || why "$SG still listed"
}
step "rule/security group/port/subnet/network delete" s_network_delete

# ===================================================================== servers
BASE_IMAGE=''
s_find_image() {
  run osd image list -f json || return 1
  BASE_IMAGE=$(jq -r 'map(select(.Status == "active")) | (map(select(.Name | test("cirros"; "i"))) + .)[0].Name // empty' <<<"$OUT")
  [ -n "$BASE_IMAGE" ] || why "no active image to boot from"
}
step "a default public image is present" s_find_image

VM1=conf-vm1-$SFX VM2=conf-vm2-$SFX VMPORT=conf-vm2-port-$SFX SNAP=conf-snap-$SFX
VM1_ID='' VM2_ID='' VMPORT_ID=''
s_server_create_net() {
  need BASE_IMAGE || return 1
  run osd server create --image "$BASE_IMAGE" --flavor m1.tiny --network private --wait "$VM1" -f json || return 1
  VM1_ID=$(jqo .id)
  [ "$(jqo .status)" = ACTIVE ] || why "status $(jqo .status) after --wait"
  run osd server show "$VM1_ID" -f json || return 1
  jqo '.addresses | tostring' | grep -q 'private' || why "no address on network private"
}
step "server create --network private --wait" s_server_create_net

s_server_create_port() {
  need BASE_IMAGE || return 1
  run osd port create --network private "$VMPORT" -f json || return 1
  VMPORT_ID=$(jqo .id)
  local ip; ip=$(jqo '.fixed_ips | tostring' | grep -oE '[0-9]+(\.[0-9]+){3}' | head -n1)
  run osd server create --image "$BASE_IMAGE" --flavor m1.tiny --nic "port-id=$VMPORT_ID" --wait "$VM2" -f json || return 1
  VM2_ID=$(jqo .id)
  [ "$(jqo .status)" = ACTIVE ] || why "status $(jqo .status) after --wait"
  run osd server show "$VM2_ID" -f json || return 1
  [ -z "$ip" ] || jqo '.addresses | tostring' | grep -qF "$ip" || why "server does not have the port's address $ip"
  run osd port show "$VMPORT_ID" -f json || return 1
  [ "$(jqo .device_id)" = "$VM2_ID" ] || why "port device_id is '$(jqo .device_id)', not the server"
}
step "server create --nic port-id= --wait" s_server_create_port

s_server_list() {
  need VM1_ID VM2_ID || return 1
  run osd server list -f json || return 1
  jq -e --arg a "$VM1_ID" --arg b "$VM2_ID" 'map(select(.ID == $a or .ID == $b)) | length == 2' <<<"$OUT" >/dev/null \
    || why "both servers not listed"
  jq -e --arg a "$VM1_ID" 'map(select(.ID == $a and .Status == "ACTIVE" and .Flavor == "m1.tiny")) | length == 1' <<<"$OUT" >/dev/null \
    || why "$VM1 not listed as ACTIVE with flavor m1.tiny"
}
step "server list" s_server_list

s_server_show() {
  need VM1_ID || return 1
  run osd server show "$VM1_ID" -f json || return 1
  [ "$(jqo .name)" = "$VM1" ] || why "name mismatch"
  jqo '.flavor | tostring' | grep -q 'm1.tiny' || why "flavor m1.tiny not shown"
  jqo '.image | tostring' | grep -qF "$BASE_IMAGE" || why "image $BASE_IMAGE not shown"
  # -f json gives the raw power state: 1 = Running.
  case "$(jqo '."OS-EXT-STS:power_state"')" in 1|Running) ;; *) why "power state $(jqo '."OS-EXT-STS:power_state"'), not 1 (Running)" ;; esac
}
step "server show" s_server_show

s_server_set() {
  need VM1_ID || return 1
  run osd server set --name "$VM1-renamed" --property role=web "$VM1_ID" || return 1
  run osd server show "$VM1_ID" -f json || return 1
  [ "$(jqo .name)" = "$VM1-renamed" ] || why "name not changed"
  jqo '.properties | tostring' | grep -q "role.*web" || why "property role=web not shown"
}
step "server set --name --property" s_server_set

s_server_stop() {
  need VM1_ID || return 1
  run osd server stop "$VM1_ID" || return 1
  poll_status demo "$VM1_ID" SHUTOFF || return 1
}
step "server stop (poll SHUTOFF)" s_server_stop

s_server_start() {
  need VM1_ID || return 1
  run osd server start "$VM1_ID" || return 1
  poll_status demo "$VM1_ID" ACTIVE || return 1
}
step "server start (poll ACTIVE)" s_server_start

s_server_reboot() {
  need VM1_ID || return 1
  run osd server reboot --wait "$VM1_ID" || return 1
  run osd server show "$VM1_ID" -f value -c status || return 1
  [ "$OUT" = ACTIVE ] || why "status $OUT after reboot --wait"
  run osd server reboot --hard --wait "$VM1_ID" || return 1
  poll_status demo "$VM1_ID" ACTIVE || return 1
}
step "server reboot --wait (soft, hard)" s_server_reboot

s_console_log() {
  need VM1_ID || return 1
  run osd console log show "$VM1_ID" || return 1
  [ -n "$OUT" ] || why "empty console log"
  run osd console log show --lines 2 "$VM1_ID" || return 1
  [ "$(printf '%s\n' "$OUT" | wc -l)" -le 2 ] || why "--lines 2 gives more than 2 lines"
}
step "console log show" s_console_log

# ===================================================================== volumes
# poll_volume CLOUD VOLUME WANT: wait until the volume's status is WANT (deadline $WAIT).
poll_volume() {
  local cloud=$1 volume=$2 want=$3 deadline status=''
  deadline=$(( $(date +%s) + WAIT ))
  while :; do
    status=$("$OSC" --os-cloud "$cloud" volume show -f value -c status "$volume" 2>&1) || true
    [ "$status" = "$want" ] && return 0
    case "$status" in error*) why "volume $volume went to $status while waiting for $want" ;; esac
    [ "$(date +%s)" -ge "$deadline" ] && why "volume $volume is '$status', not $want, after ${WAIT}s"
    sleep 1
  done
}

VTYPE=conf-vtype-$SFX VOL=conf-vol-$SFX VSNAP=conf-vsnap-$SFX
VTYPE_ID='' VOL_ID='' VSNAP_ID=''
s_volume_type_create() {
  run osa volume type create --description conformance --property conf=yes "$VTYPE" -f json || return 1
  VTYPE_ID=$(jqo .id)
  [ -n "$VTYPE_ID" ] && [ "$VTYPE_ID" != null ] || why "no id"
  run osa volume type show "$VTYPE_ID" -f json || return 1
  [ "$(jqo .name)" = "$VTYPE" ] || why "name mismatch"
  [ "$(jqo .description)" = conformance ] || why "description $(jqo .description)"
  jqo '.properties | tostring' | grep -q 'conf' || why "property conf=yes not shown"
  run osd volume type list -f value -c Name || return 1
  has_line "$VTYPE" "$OUT" || why "$VTYPE not in demo's volume type list"
}
step "volume type create/show/list (admin creates, demo sees it)" s_volume_type_create

s_volume_create() {
  need VTYPE_ID || return 1
  run osd volume create --size 1 --type "$VTYPE" --description conformance "$VOL" -f json || return 1
  VOL_ID=$(jqo .id)
  [ -n "$VOL_ID" ] && [ "$VOL_ID" != null ] || why "no id"
  poll_volume demo "$VOL_ID" available || return 1
  run osd volume show "$VOL_ID" -f json || return 1
  [ "$(jqo .name)" = "$VOL" ] || why "name mismatch"
  [ "$(jqo .size)" = 1 ] || why "size $(jqo .size), not 1"
  [ "$(jqo .type)" = "$VTYPE" ] || why "type $(jqo .type), not $VTYPE"
  [ "$(jqo .bootable)" = false ] || why "bootable $(jqo .bootable)"
}
step "volume create --size --type / volume show (poll available)" s_volume_create

s_volume_set() {
  need VOL_ID || return 1
  run osd volume set --name "$VOL-renamed" --property conf_key=conf_value "$VOL_ID" || return 1
  run osd volume show "$VOL_ID" -f json || return 1
  [ "$(jqo .name)" = "$VOL-renamed" ] || why "name not changed"
  jqo '.properties | tostring' | grep -q 'conf_key.*conf_value' || why "property conf_key=conf_value not shown"
}
step "volume set --name --property" s_volume_set

s_volume_list() {
  need VOL_ID || return 1
  run osd volume list -f json || return 1
  jq -e --arg id "$VOL_ID" --arg n "$VOL-renamed" 'map(select(.ID == $id and .Name == $n and .Status == "available" and .Size == 1)) | length == 1' <<<"$OUT" >/dev/null \
    || why "$VOL ($VOL_ID) not listed as available, 1 GiB"
  run osa volume list -f value -c ID || return 1
  ! has_line "$VOL_ID" "$OUT" || why "demo's volume listed in admin's own project"
}
step "volume list (and not in another project's list)" s_volume_list

s_volume_snapshot() {
  need VOL_ID || return 1
  run osd volume snapshot create --volume "$VOL_ID" --description conformance "$VSNAP" -f json || return 1
  VSNAP_ID=$(jqo .id)
  [ -n "$VSNAP_ID" ] && [ "$VSNAP_ID" != null ] || why "no id"
  local deadline=$(( $(date +%s) + WAIT ))
  while :; do
    run osd volume snapshot show "$VSNAP_ID" -f json || return 1
    [ "$(jqo .status)" = available ] && break
    [ "$(date +%s)" -ge "$deadline" ] && why "snapshot is '$(jqo .status)', not available, after ${WAIT}s"
    sleep 1
  done
  [ "$(jqo .volume_id)" = "$VOL_ID" ] || why "snapshot volume_id $(jqo .volume_id)"
  [ "$(jqo .size)" = 1 ] || why "snapshot size $(jqo .size)"
  run osd volume snapshot list -f json || return 1
  jq -e --arg id "$VSNAP_ID" --arg n "$VSNAP" 'map(select(.ID == $id and .Name == $n and .Status == "available")) | length == 1' <<<"$OUT" >/dev/null \
    || why "$VSNAP not listed as available"
}
step "volume snapshot create/show/list" s_volume_snapshot

s_volume_snapshot_delete() {
  need VSNAP_ID || return 1
  run osd volume snapshot delete "$VSNAP_ID" || return 1
  run osd volume snapshot list -f value -c ID || return 1
  ! has_line "$VSNAP_ID" "$OUT" || why "snapshot still listed"
  if run osd volume snapshot show "$VSNAP_ID"; then why "snapshot show succeeds after delete"; fi
  OUT=''
}
step "volume snapshot delete" s_volume_snapshot_delete

s_server_add_volume() {
  need VM1_ID VOL_ID || return 1
  run osd server add volume "$VM1_ID" "$VOL_ID" -f json || return 1
  [ "$(jqo .ID)" = "$VOL_ID" ] || why "attachment ID $(jqo .ID), not the volume"
  local device; device=$(jqo .Device)
  [[ "$device" == /dev/vd* ]] || why "device '$device' is not /dev/vd*"
  poll_volume demo "$VOL_ID" in-use || return 1
  run osd volume show "$VOL_ID" -f json || return 1
  jq -e --arg s "$VM1_ID" --arg d "$device" '.attachments | map(select(.server_id == $s and .device == $d)) | length == 1' <<<"$OUT" >/dev/null \
    || why "volume attachments do not name the server at $device"
  run osd server volume list "$VM1_ID" -f json || return 1
  jq -e --arg v "$VOL_ID" --arg d "$device" 'map(select(."Volume ID" == $v and .Device == $d)) | length == 1' <<<"$OUT" >/dev/null \
    || why "the volume is not in the server's volume list at $device"
  run osd server show "$VM1_ID" -f json || return 1
  jqo '.volumes_attached | tostring' | grep -qF "$VOL_ID" || why "server show does not list the volume as attached"
  if run osd volume delete "$VOL_ID"; then why "an in-use volume was deleted"; fi
  OUT=''
}
step "server add volume (poll in-use; attachment on volume and server; in-use delete refused)" s_server_add_volume

s_server_remove_volume() {
  need VM1_ID VOL_ID || return 1
  run osd server remove volume "$VM1_ID" "$VOL_ID" || return 1
  poll_volume demo "$VOL_ID" available || return 1
  run osd volume show "$VOL_ID" -f json || return 1
  [ "$(jqo '.attachments | length')" = 0 ] || why "attachments still listed on the volume"
  run osd server volume list "$VM1_ID" -f value -c "Volume ID" || return 1
  ! has_line "$VOL_ID" "$OUT" || why "the volume is still in the server's volume list"
}
step "server remove volume (poll available)" s_server_remove_volume

s_volume_delete() {
  need VOL_ID VTYPE_ID || return 1
  run osd volume delete "$VOL_ID" || return 1
  local deadline=$(( $(date +%s) + WAIT ))
  while run osd volume show "$VOL_ID" -f value -c status; do
    [ "$(date +%s)" -ge "$deadline" ] && why "volume still there ($OUT) after ${WAIT}s"
    sleep 1
  done
  run osd volume list -f value -c ID || return 1
  ! has_line "$VOL_ID" "$OUT" || why "volume still listed"
  run osa volume type delete "$VTYPE_ID" || return 1
  run osa volume type list -f value -c Name || return 1
  ! has_line "$VTYPE" "$OUT" || why "$VTYPE still listed"
}
step "volume delete / volume type delete" s_volume_delete

s_server_image() {
  need VM1_ID || return 1
  run osd server image create --name "$SNAP" --wait "$VM1_ID" -f json || return 1
  local sid; sid=$(jqo .id)
  run osd image show "$sid" -f json || return 1
  [ "$(jqo .status)" = active ] || why "snapshot status $(jqo .status)"
  [ "$(jqo .name)" = "$SNAP" ] || why "snapshot name mismatch"
  run osd image delete "$sid" || return 1
}
step "server image create --wait (snapshot is an active image)" s_server_image

s_server_delete() {
  need VM1_ID VM2_ID VMPORT_ID || return 1
  run osd server delete --wait "$VM1_ID" "$VM2_ID" || return 1
  run osd server list -f value -c ID || return 1
  ! has_line "$VM1_ID" "$OUT" && ! has_line "$VM2_ID" "$OUT" || why "servers still listed"
  run osd port show "$VMPORT_ID" -f value -c device_id || return 1
  [ -z "$OUT" ] || why "pre-created port still bound to device '$OUT' after the server is gone"
  run osd port delete "$VMPORT_ID" || return 1
}
step "server delete --wait (and the pre-created port is released)" s_server_delete

# ===================================================================== limits & co
s_limits() {
  run osd limits show --absolute -f json || return 1
  jq -e 'map(select(.Name == "maxTotalInstances")) | length == 1' <<<"$OUT" >/dev/null || why "maxTotalInstances missing"
  jq -e 'map(select(.Name == "totalInstancesUsed")) | length == 1' <<<"$OUT" >/dev/null || why "totalInstancesUsed missing"
}
step "limits show --absolute" s_limits

s_quota() {
  run osd quota show -f json || return 1
  local k; for k in instances cores ram networks ports; do
    jq -e --arg k "$k" 'has($k)' <<<"$OUT" >/dev/null || why "quota '$k' missing"
  done
}
step "quota show" s_quota

s_az() {
  run osd availability zone list -f json || return 1
  jq -e 'map(select(."Zone Name" == "nova" and ."Zone Status" == "available")) | length >= 1' <<<"$OUT" >/dev/null \
    || why "zone nova (available) not listed"
}
step "availability zone list" s_az

# ===================================================================== server groups, routers, floating IPs, interfaces
SG=conf-sg-$SFX RNET=conf-rnet-$SFX RSUB=conf-rsub-$SFX RTR=conf-router-$SFX VM3=conf-vm3-$SFX VM4=conf-vm4-$SFX XPORT=conf-xport-$SFX
SG_ID='' RNET_ID='' RSUB_ID='' RTR_ID='' PUBLIC_ID='' VM3_ID='' FIP='' FIP_ID='' VM3_PORT=''
s_server_group_create() {
  run osd server group create --policy anti-affinity "$SG" -f json || return 1
  SG_ID=$(jqo .id)
  [ -n "$SG_ID" ] && [ "$SG_ID" != null ] || why "no group id"
  jqo '(.policy // "") + (.policies | tostring)' | grep -q 'anti-affinity' || why "policy anti-affinity not shown"
  run osd server group list -f json || return 1
  jq -e --arg id "$SG_ID" --arg n "$SG" 'map(select(.ID == $id and .Name == $n)) | length == 1' <<<"$OUT" >/dev/null \
    || why "group not listed by id and name"
  run osd server group show "$SG_ID" -f json || return 1
  [ "$(jqo .name)" = "$SG" ] || why "show: name mismatch"
  [ "$(jqo '.member_ids // .members | length')" = 0 ] || why "a new group has members"
}
step "server group create --policy anti-affinity / list / show" s_server_group_create

s_router_create() {
  run osd network create "$RNET" -f json || return 1
  RNET_ID=$(jqo .id)
  run osd subnet create --network "$RNET" --subnet-range 10.77.0.0/24 "$RSUB" -f json || return 1
  RSUB_ID=$(jqo .id)
  run osd network show "$EXT_NET" -f value -c id || return 1
  PUBLIC_ID=$OUT
  run osd router create "$RTR" -f json || return 1
  RTR_ID=$(jqo .id)
  [ "$(jqo .status)" = ACTIVE ] || why "router status $(jqo .status)"
  run osd router set --external-gateway "$EXT_NET" "$RTR_ID" || return 1
  run osd router add subnet "$RTR_ID" "$RSUB_ID" || return 1
  run osd router show "$RTR_ID" -f json || return 1
  jqo '.external_gateway_info | tostring' | grep -qF "$PUBLIC_ID" || why "external gateway is not network $EXT_NET"
  jqo '.interfaces_info | tostring' | grep -qF "$RSUB_ID" || why "router show lists no interface on $RSUB"
  jqo '.interfaces_info | tostring' | grep -qF '10.77.0.1' || why "the interface does not hold the subnet's gateway 10.77.0.1"
}
step "router create / set --external-gateway public / add subnet / show" s_router_create

s_server_create_hint() {
  need BASE_IMAGE SG_ID RNET_ID || return 1
  run osd server create --image "$BASE_IMAGE" --flavor m1.tiny --network "$RNET" --hint "group=$SG_ID" --wait "$VM3" -f json || return 1
  VM3_ID=$(jqo .id)
  [ "$(jqo .status)" = ACTIVE ] || why "status $(jqo .status) after --wait"
  run osd server group show "$SG_ID" -f json || return 1
  jqo '(.member_ids // .members) | tostring' | grep -qF "$VM3_ID" || why "the server is not a member of its group"
  # anti-affinity on a one-host cloud: a second member finds no valid host, as Nova's scheduler would.
  run osd server create --image "$BASE_IMAGE" --flavor m1.tiny --network "$RNET" --hint "group=$SG_ID" "$VM4" -f json || return 1
  local second; second=$(jqo .id)
  local deadline=$(( $(date +%s) + WAIT )) status=''
  while status=$(osd server show -f value -c status "$second" 2>&1); [ "$status" != ERROR ]; do
    [ "$(date +%s)" -ge "$deadline" ] && { why "second anti-affinity member is '$status', not ERROR"; return 1; }
    sleep 1
  done
  run osd server show "$second" -f json || return 1
  jqo '.fault | tostring' | grep -q 'No valid host was found' || why "no 'No valid host was found' fault on the second member"
  run osd server delete --wait "$second" || return 1
}
step "server create --hint group= (member; a 2nd anti-affinity member fails: no valid host)" s_server_create_hint

s_floating_ip() {
  need VM3_ID PUBLIC_ID || return 1
  run osd floating ip create "$EXT_NET" -f json || return 1
  FIP=$(jqo .floating_ip_address) FIP_ID=$(jqo .id)
  [ "$(jqo .floating_network_id)" = "$PUBLIC_ID" ] || why "floating IP not from network $EXT_NET"
  run osd server add floating ip "$VM3_ID" "$FIP" || return 1
  run osd server show "$VM3_ID" -f json || return 1
  jqo '.addresses | tostring' | grep -qF "$FIP" || why "server addresses do not show $FIP after server add floating ip"
  run osd floating ip show "$FIP_ID" -f json || return 1
  VM3_PORT=$(jqo .port_id)
  [ -n "$VM3_PORT" ] && [ "$VM3_PORT" != null ] || why "floating IP has no port after association"
  run osd floating ip unset --port "$FIP_ID" || return 1
  run osd server show "$VM3_ID" -f json || return 1
  ! jqo '.addresses | tostring' | grep -qF "$FIP" || why "server still shows $FIP after floating ip unset --port"
  run osd floating ip set --port "$VM3_PORT" "$FIP_ID" || return 1
  run osd server show "$VM3_ID" -f json || return 1
  jqo '.addresses | tostring' | grep -qF "$FIP" || why "server addresses do not show $FIP after floating ip set --port"
  run osd floating ip unset --port "$FIP_ID" || return 1
  run osd floating ip show "$FIP_ID" -f json || return 1
  [ "$(jqo '.port_id // ""')" = "" ] || why "port_id still set after unset --port"
  run osd floating ip delete "$FIP_ID" || return 1
  run osd floating ip list -f value -c ID || return 1
  ! has_line "$FIP_ID" "$OUT" || why "deleted floating IP still listed"
}
step "floating ip create public / server add floating ip / set --port / unset --port / delete" s_floating_ip

s_server_port() {
  need VM3_ID RNET_ID || return 1
  run osd port create --network "$RNET" "$XPORT" -f json || return 1
  local pid ip; pid=$(jqo .id)
  ip=$(jqo '.fixed_ips | tostring' | grep -oE '[0-9]+(\.[0-9]+){3}' | head -n1)
  run osd server add port "$VM3_ID" "$pid" || return 1
  run osd port show "$pid" -f json || return 1
  [ "$(jqo .device_id)" = "$VM3_ID" ] || why "port device_id is '$(jqo .device_id)', not the server"
  [ "$(jqo .device_owner)" = compute:nova ] || why "port device_owner is '$(jqo .device_owner)'"
  run osd server show "$VM3_ID" -f json || return 1
  [ -z "$ip" ] || jqo '.addresses | tostring' | grep -qF "$ip" || why "server addresses do not show the port's $ip"
  run osd server remove port "$VM3_ID" "$pid" || return 1
  run osd port show "$pid" -f json || return 1
  [ -z "$(jqo .device_id)" ] || why "port still bound to '$(jqo .device_id)' after server remove port"
  run osd server show "$VM3_ID" -f json || return 1
  [ -z "$ip" ] || ! jqo '.addresses | tostring' | grep -qF "$ip" || why "server still shows $ip after remove port"
  run osd port delete "$pid" || return 1
}
step "server add port / server remove port (os-interface)" s_server_port

s_group_router_delete() {
  need VM3_ID SG_ID RTR_ID RSUB_ID || return 1
  run osd server delete --wait "$VM3_ID" || return 1
  run osd server group show "$SG_ID" -f json || return 1
  ! jqo '(.member_ids // .members) | tostring' | grep -qF "$VM3_ID" || why "deleted server still a group member"
  run osd server group delete "$SG_ID" || return 1
  run osd server group list -f value -c ID || return 1
  ! has_line "$SG_ID" "$OUT" || why "deleted group still listed"
  run osd router remove subnet "$RTR_ID" "$RSUB_ID" || return 1
  run osd router show "$RTR_ID" -f json || return 1
  ! jqo '.interfaces_info | tostring' | grep -qF "$RSUB_ID" || why "interface still listed after router remove subnet"
  run osd router delete "$RTR_ID" || return 1
  run osd router list -f value -c ID || return 1
  ! has_line "$RTR_ID" "$OUT" || why "deleted router still listed"
  run osd subnet delete "$RSUB_ID" || return 1
  run osd network delete "$RNET_ID" || return 1
}
step "server group delete / router remove subnet / router delete" s_group_router_delete

# ===================================================================== stop & server log
if [ -n "${NUVOLA_PID:-}" ]; then
  s_stop() { nuv_stop_server 2>&1 || why "the server did not exit within ${NUVOLA_STOP_TIMEOUT:-30}s of SIGTERM"; }
  step "server stops on SIGTERM" s_stop
fi
if [ -n "${NUVOLA_LOG:-}" ]; then
  s_log() { run nuv_check_log "$NUVOLA_LOG"; }
  step "server log has no 5xx and no unhandled exception" s_log
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
