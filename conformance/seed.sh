#!/usr/bin/env bash
# conformance/seed.sh — run the seed talk's own client examples against the
# embedded cloud (profile fg-cloud), changing ONLY the endpoint.
#
# Usage:   conformance/seed.sh
#
# Inputs (env, all optional):
#   NUVOLA_SHARED      the shared folder holding fixtures/seed/ (default: <repo>/../shared,
#                      then the main checkout's ../shared). If none is present the script
#                      prints "skipped: shared not present" and exits 0.
#   NUVOLA_URL         http://127.0.0.1:PORT of an already running server started with
#                      `--profile fg-cloud` (then NUVOLA_LOG, if set, is checked too).
#                      Default: start a fresh one with lib.sh (port free, temp data dir).
#   NUVOLA_START_TIMEOUT, NUVOLA_KEEP_DATA  see lib.sh
#
# What it asserts (each printed as `ok  <step>` or `FAIL <step>: ...`):
#   1. token_curl.sh verbatim (its JSON lacks the last `}`) -> HTTP 400, body
#      {"error": {"code": 400, "title": "Bad Request", "message": ...}} whose message says
#      where the JSON breaks (a line/column/position/offset with a number).
#   2. token_curl.sh with the brace restored -> prints a non-empty token (and the token
#      validates: GET /identity/v3/auth/tokens -> 200).
#   3. keystoneauth_endpoint.py -> prints http://127.0.0.1:PORT/image...
#   4. openstacksdk_servers.py -> prints exactly the ids of the servers this script
#      created first with /usr/bin/openstack as nom_utilisateur in FG_formation.
#   5. the server log has no 5xx / unhandled exception (when the log is known).
# Output: the step lines, then `N passed, M failed`. Exit 0 if M=0, 1 otherwise
# (2 when the script cannot run at all, e.g. the server does not start).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=conformance/lib.sh
. "$HERE/lib.sh"

if ! SHARED=$(nuv_shared_dir) || [ ! -d "$SHARED/fixtures/seed" ]; then
  echo "skipped: shared not present (looked at \$NUVOLA_SHARED, $(nuv_repo_root)/../shared and the main checkout's ../shared)"
  exit 0
fi
SEED=$SHARED/fixtures/seed
for f in token_curl.sh keystoneauth_endpoint.py openstacksdk_servers.py; do
  [ -f "$SEED/$f" ] || nuv_die "$SEED/$f is missing"
done

ORIG_ENDPOINT='https://sbgcloud.in2p3.fr:5000/v3'
FG_USER=nom_utilisateur FG_PASS=super_mdp FG_PROJECT=FG_formation FG_REGION=IPHC
FG_IMAGE=FG_Cloud-Ubuntu-16.04-x86_64 FG_FLAVOR=m1.small FG_NET=formation-net

nuv_use_server --profile fg-cloud
AUTH_URL="$NUVOLA_URL/identity/v3"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/nuvola-seed.XXXXXX")
cleanup() { nuv_stop_server || true; nuv_cleanup_data; rm -rf "$WORK"; }
trap cleanup EXIT

PASSED=0 FAILED=0

# Copy a seed file, rewriting only the endpoint.
rewrite() {
  sed "s#${ORIG_ENDPOINT}#${AUTH_URL}#g" "$SEED/$1" >"$WORK/$1"
  grep -q "$AUTH_URL" "$WORK/$1" || nuv_die "the endpoint $ORIG_ENDPOINT was not found in $SEED/$1"
  if grep -q 'sbgcloud' "$WORK/$1"; then nuv_die "$1 still names sbgcloud after rewriting"; fi
}

# A `curl` shim first on PATH: runs the real curl and keeps a copy of what it
# printed (status line, headers, body), so that the seed script stays verbatim.
mkdir -p "$WORK/bin"
cat >"$WORK/bin/curl" <<'EOF'
#!/usr/bin/env bash
set -o pipefail
/usr/bin/curl --noproxy '*' "$@" | tee "$CURL_CAPTURE"
EOF
chmod +x "$WORK/bin/curl"

run_token_script() { # $1 = script path, $2 = capture file; prints the script's stdout
  CURL_CAPTURE=$2 PATH="$WORK/bin:$PATH" bash "$1" 2>"$2.stderr"
}

# Split a `curl -i` capture: status code, and body (after the blank line).
http_status() { awk 'NR==1 || /^HTTP\//{ s=$2 } END{ print s }' "$1" | tr -d '\r'; }
http_body()   { tr -d '\r' <"$1" | awk 'b{print} /^$/{b=1}'; }

# ---------------------------------------------------------------- 1. broken JSON
rewrite token_curl.sh
out=$(run_token_script "$WORK/token_curl.sh" "$WORK/broken.out" || true)
status=$(http_status "$WORK/broken.out")
body=$(http_body "$WORK/broken.out")
check=$(printf '%s' "$body" | "$PY" -c '
import json, re, sys
try:
    doc = json.load(sys.stdin)
except Exception as e:
    print("body is not JSON (%s)" % e); sys.exit(0)
err = doc.get("error") if isinstance(doc, dict) else None
if not isinstance(err, dict):
    print("no \"error\" object"); sys.exit(0)
problems = []
if err.get("code") != 400: problems.append("error.code is %r, not 400" % err.get("code"))
if err.get("title") != "Bad Request": problems.append("error.title is %r, not \"Bad Request\"" % err.get("title"))
msg = err.get("message")
if not isinstance(msg, str) or not msg.strip():
    problems.append("error.message is empty")
elif not (re.search(r"(line|column|col|position|offset|byte|char|index|end)", msg, re.I) and re.search(r"\d", msg)):
    problems.append("error.message %r does not say where the JSON breaks (no line/column/position with a number)" % msg)
print("; ".join(problems) if problems else "OK " + msg)
')
if [ "$status" = 400 ] && [[ "$check" == OK* ]]; then
  ok "token_curl.sh verbatim -> 400 Bad Request: ${check#OK }"
else
  fail "token_curl.sh verbatim (JSON lacks its last brace)" "HTTP ${status:-none}; $check; body: ${body:0:400}"
fi
if [ -n "$(printf '%s' "$out" | tr -d '[:space:]')" ]; then
  fail "token_curl.sh verbatim prints no token" "it printed '$out'"
fi

# ---------------------------------------------------------------- 2. brace restored
"$PY" - "$WORK/token_curl.sh" "$WORK/token_fixed.sh" <<'EOF'
import sys
src = open(sys.argv[1]).read()
# The body ends with the line "}' \" : one closing brace is missing there.
marker = "\n}' \\\n"
assert src.count(marker) == 1, "cannot find the end of the JSON body in token_curl.sh"
open(sys.argv[2], "w").write(src.replace(marker, "\n}}' \\\n"))
EOF
out=$(run_token_script "$WORK/token_fixed.sh" "$WORK/fixed.out" || true)
token=$(printf '%s' "$out" | tr -d '[:space:]')
status=$(http_status "$WORK/fixed.out")
if [ -n "$token" ] && [ "$status" = 201 ]; then
  ok "token_curl.sh with the brace restored prints a token (HTTP 201)"
  vstatus=$(/usr/bin/curl -s --noproxy '*' -o "$WORK/validate.out" -w '%{http_code}' \
            -H "X-Auth-Token: $token" -H "X-Subject-Token: $token" "$AUTH_URL/auth/tokens" || true)
  if [ "$vstatus" = 200 ] && grep -q "$FG_USER" "$WORK/validate.out"; then
    ok "the printed token validates (GET /auth/tokens -> 200, names $FG_USER)"
  else
    fail "the printed token validates" "GET $AUTH_URL/auth/tokens -> $vstatus: $(head -c 300 "$WORK/validate.out")"
  fi
else
  fail "token_curl.sh with the brace restored prints a token" \
    "HTTP ${status:-none}, printed '$out'; response: $(tr -d '\r' <"$WORK/fixed.out" | head -c 600)"
fi

# ---------------------------------------------------------------- 3. keystoneauth
rewrite keystoneauth_endpoint.py
if out=$(cd "$WORK" && nuv_clean_os_env "$PY" keystoneauth_endpoint.py 2>&1); then
  line=$(printf '%s\n' "$out" | tail -n 1)
  if [[ "$line" == "$NUVOLA_URL/image"* ]]; then
    ok "keystoneauth_endpoint.py prints the image endpoint ($line)"
  else
    fail "keystoneauth_endpoint.py prints the image endpoint" "expected $NUVOLA_URL/image..., got: $out"
  fi
else
  fail "keystoneauth_endpoint.py" "exit non-zero: $out"
fi

# ---------------------------------------------------------------- 4. openstacksdk
fg_os() {
  nuv_clean_os_env "$OSC" --os-auth-url "$AUTH_URL" --os-identity-api-version 3 \
    --os-username "$FG_USER" --os-password "$FG_PASS" --os-project-name "$FG_PROJECT" \
    --os-user-domain-name Default --os-project-domain-name Default \
    --os-region-name "$FG_REGION" --os-interface public "$@"
}
created=()
for name in seed-vm1 seed-vm2; do
  if id=$(fg_os server create --image "$FG_IMAGE" --flavor "$FG_FLAVOR" --network "$FG_NET" \
            --wait -f value -c id "$name" 2>"$WORK/create.err") && [ -n "$id" ]; then
    created+=("$id")
  else
    fail "openstack server create $name as $FG_USER (image $FG_IMAGE, flavor $FG_FLAVOR, network $FG_NET)" \
      "$(cat "$WORK/create.err") $id"
  fi
done
if [ ${#created[@]} -gt 0 ]; then
  ok "created ${#created[@]} server(s) as $FG_USER: ${created[*]}"
fi
rewrite openstacksdk_servers.py
if out=$(cd "$WORK" && nuv_clean_os_env "$PY" openstacksdk_servers.py 2>"$WORK/sdk.err"); then
  got=$(printf '%s\n' "$out" | sed '/^$/d' | sort)
  want=$(printf '%s\n' "${created[@]}" | sed '/^$/d' | sort)
  if [ ${#created[@]} -gt 0 ] && [ "$got" = "$want" ]; then
    ok "openstacksdk_servers.py prints exactly the project's server ids"
  else
    fail "openstacksdk_servers.py prints exactly the project's server ids" \
      "expected [$(echo $want)], got [$(echo $got)]"
  fi
else
  fail "openstacksdk_servers.py" "exit non-zero: $(tail -n 5 "$WORK/sdk.err")"
fi
for id in "${created[@]}"; do fg_os server delete --wait "$id" >/dev/null 2>&1 || true; done

# ---------------------------------------------------------------- 5. stop, server log
nuv_finish
