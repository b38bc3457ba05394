# shellcheck shell=bash
# conformance/lib.sh — shared functions for the conformance scripts.
#
# Source it (do not execute it):   . "$(dirname "$0")/lib.sh"
#
# Functions (all prefixed nuv_):
#   nuv_die MSG...                 print "error: MSG" to stderr, exit 2 (cannot run)
#   nuv_repo_root                  print the repository root (parent of conformance/)
#   nuv_shared_dir                 print the shared folder (fixtures, interop lists), or
#                                  return 1 if none is present. Looks at $NUVOLA_SHARED,
#                                  <repo>/../shared, then <main checkout>/../shared.
#   nuv_free_port                  print a free TCP port on 127.0.0.1
#   nuv_start_server [ARGS...]     start `./nuvola cloud serve --port N --data-dir DIR ARGS...`
#                                  in the background (own process group), log to a file,
#                                  and poll GET /identity/v3 until it answers 200 (deadline
#                                  $NUVOLA_START_TIMEOUT seconds, default 600: the launcher
#                                  may build the C# program first). Exports:
#                                    NUVOLA_URL        http://127.0.0.1:N
#                                    NUVOLA_PORT       N
#                                    NUVOLA_DATA_DIR   the fresh data dir (mktemp)
#                                    NUVOLA_LOG        the server log file
#                                    NUVOLA_PID        pid (= process group id) of the launcher
#                                    OS_CLIENT_CONFIG_FILE  $NUVOLA_DATA_DIR/clouds.yaml
#                                  and installs an EXIT trap that stops the server.
#   nuv_use_server                 if NUVOLA_URL is already set (an external server),
#                                  check it answers and export OS_CLIENT_CONFIG_FILE from
#                                  NUVOLA_DATA_DIR; otherwise call nuv_start_server "$@".
#   nuv_stop_server                SIGTERM the server's process group, wait (deadline
#                                  $NUVOLA_STOP_TIMEOUT, default 30 s), SIGKILL if still
#                                  there. Fails if the server did not stop on SIGTERM.
#   nuv_cleanup_data               remove the temp data dir (and log) nuv_start_server made,
#                                  unless NUVOLA_KEEP_DATA=1.
#   nuv_check_log [LOGFILE]        fail (return 1, printing the lines) if the server log has
#                                  a request answered 5xx, an unhandled exception, an
#                                  ASP.NET "fail:"/"crit:" line or a .NET stack trace.
#   nuv_wait_until DEADLINE_S INTERVAL_S CMD...
#                                  run CMD until it succeeds or the deadline passes.
#   nuv_os ARGS...                 /usr/bin/openstack ARGS... (never the PATH one)
#   ok NAME / fail NAME WHY...     print `ok  NAME` / `FAIL NAME: WHY` (one line) and count it
#                                  in PASSED / FAILED (the caller sets both to 0 first)
#   nuv_finish                     the closing checks (the server stops on SIGTERM, its log is
#                                  clean) through ok/fail, then `N passed, M failed`; returns 1
#                                  when anything failed
#
# Environment read:
#   NUVOLA_URL, NUVOLA_DATA_DIR    use an already running server instead of starting one
#   NUVOLA_START_TIMEOUT           seconds to wait for the server to answer (default 600)
#   NUVOLA_STOP_TIMEOUT            seconds to wait for SIGTERM to stop it (default 30)
#   NUVOLA_KEEP_DATA=1             keep the temp data dir (and log) after stopping
#   NUVOLA_LOG_DIR                 where to put server logs (default: the data dir)
#
# Every address used is 127.0.0.1: the scripts never talk to anything else.

PY=/usr/bin/python3
OSC=/usr/bin/openstack
export PYTHONDONTWRITEBYTECODE=1
# Never let a proxy from the environment see our loopback traffic.
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost

nuv_die() { echo "error: $*" >&2; exit 2; }

nuv_repo_root() {
  (cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
}

nuv_shared_dir() {
  local root common cand
  root=$(nuv_repo_root)
  local -a cands=()
  [ -n "${NUVOLA_SHARED:-}" ] && cands+=("$NUVOLA_SHARED")
  cands+=("$root/../shared")
  # In a git worktree, also look beside the main checkout.
  if common=$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null); then
    cands+=("$(dirname "$common")/../shared")
  fi
  for cand in "${cands[@]}"; do
    if [ -d "$cand" ]; then (cd "$cand" && pwd); return 0; fi
  done
  return 1
}

nuv_os() { "$OSC" "$@"; }

nuv_free_port() {
  "$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

nuv_wait_until() {
  local deadline=$(( $(date +%s) + $1 )) interval=$2
  shift 2
  while :; do
    if "$@" >/dev/null 2>&1; then return 0; fi
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep "$interval"
  done
}

# HTTP status of a GET (000 when nothing answers).
nuv_http_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 --noproxy '*' "$1" 2>/dev/null || true
}

_nuv_check_loopback() {
  case "$1" in
    http://127.0.0.1:*) ;;
    *) nuv_die "NUVOLA_URL must be http://127.0.0.1:PORT (got '$1'): these scripts talk to loopback only" ;;
  esac
}

nuv_start_server() {
  local root port data log deadline status
  root=$(nuv_repo_root)
  [ -x "$root/nuvola" ] || nuv_die "$root/nuvola does not exist (or is not executable): the server launcher is not in this checkout yet (git merge main?)"
  port=$(nuv_free_port)
  data=$(mktemp -d "${TMPDIR:-/tmp}/nuvola-conformance.XXXXXX")
  log="${NUVOLA_LOG_DIR:-$data}/server-$port.log"
  mkdir -p "$(dirname "$log")"
  echo "starting: ./nuvola cloud serve --port $port --data-dir $data $*  (log: $log)" >&2
  # setsid: the launcher gets its own process group, so SIGTERM reaches dotnet even
  # if the launcher does not exec it. In a non-interactive shell a background job is
  # not a group leader, so setsid does not fork: $! is the group id.
  (cd "$root" && exec setsid ./nuvola cloud serve --port "$port" --data-dir "$data" "$@") >"$log" 2>&1 </dev/null &
  NUVOLA_PID=$!
  NUVOLA_PORT=$port
  NUVOLA_URL="http://127.0.0.1:$port"
  NUVOLA_DATA_DIR=$data
  NUVOLA_LOG=$log
  export NUVOLA_PID NUVOLA_PORT NUVOLA_URL NUVOLA_DATA_DIR NUVOLA_LOG
  NUVOLA_OWN_DATA=$data
  trap 'nuv_stop_server >/dev/null 2>&1 || true; nuv_cleanup_data' EXIT
  deadline=$(( $(date +%s) + ${NUVOLA_START_TIMEOUT:-600} ))
  while :; do
    if ! kill -0 "$NUVOLA_PID" 2>/dev/null; then
      echo "---- last lines of $log" >&2; tail -n 40 "$log" >&2
      nuv_die "the server exited before answering on $NUVOLA_URL/identity/v3"
    fi
    status=$(nuv_http_status "$NUVOLA_URL/identity/v3")
    [ "$status" = 200 ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "---- last lines of $log" >&2; tail -n 40 "$log" >&2
      nuv_stop_server || true
      nuv_die "GET $NUVOLA_URL/identity/v3 did not answer 200 within ${NUVOLA_START_TIMEOUT:-600}s (last status: $status)"
    fi
    sleep 0.5
  done
  # clouds.yaml is written on start; allow the writer a moment (poll, short deadline).
  nuv_wait_until 20 0.2 test -s "$data/clouds.yaml" \
    || nuv_die "the server answers but did not write $data/clouds.yaml"
  export OS_CLIENT_CONFIG_FILE="$data/clouds.yaml"
  echo "server up: $NUVOLA_URL (pid $NUVOLA_PID, data $data)" >&2
}

nuv_use_server() {
  if [ -n "${NUVOLA_URL:-}" ]; then
    NUVOLA_URL=${NUVOLA_URL%/}
    _nuv_check_loopback "$NUVOLA_URL/"
    [ "$(nuv_http_status "$NUVOLA_URL/identity/v3")" = 200 ] \
      || nuv_die "GET $NUVOLA_URL/identity/v3 does not answer 200"
    NUVOLA_PORT=${NUVOLA_URL##*:}
    export NUVOLA_URL NUVOLA_PORT
    if [ -n "${NUVOLA_DATA_DIR:-}" ]; then
      [ -s "$NUVOLA_DATA_DIR/clouds.yaml" ] || nuv_die "$NUVOLA_DATA_DIR/clouds.yaml is missing"
      export OS_CLIENT_CONFIG_FILE="$NUVOLA_DATA_DIR/clouds.yaml"
    elif [ -z "${OS_CLIENT_CONFIG_FILE:-}" ]; then
      nuv_die "NUVOLA_URL is set but neither NUVOLA_DATA_DIR nor OS_CLIENT_CONFIG_FILE is"
    fi
    echo "using running server $NUVOLA_URL (log checks need NUVOLA_LOG)" >&2
  else
    nuv_start_server "$@"
  fi
}

nuv_stop_server() {
  [ -n "${NUVOLA_PID:-}" ] || return 0
  local pid=$NUVOLA_PID deadline rc=0
  NUVOLA_PID=
  if kill -0 -- "-$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    deadline=$(( $(date +%s) + ${NUVOLA_STOP_TIMEOUT:-30} ))
    while kill -0 -- "-$pid" 2>/dev/null; do
      if [ "$(date +%s)" -ge "$deadline" ]; then
        echo "error: the server (process group $pid) did not stop within ${NUVOLA_STOP_TIMEOUT:-30}s of SIGTERM; killing it" >&2
        kill -KILL -- "-$pid" 2>/dev/null || true
        rc=1
        break
      fi
      sleep 0.2
    done
  fi
  wait "$pid" 2>/dev/null || true
  return $rc
}

# Remove the temp data dir made by nuv_start_server (and the log inside it),
# unless NUVOLA_KEEP_DATA=1. Call it after nuv_stop_server, once the log was read.
nuv_cleanup_data() {
  if [ "${NUVOLA_KEEP_DATA:-0}" = 1 ]; then
    [ -n "${NUVOLA_DATA_DIR:-}" ] && echo "kept: data dir $NUVOLA_DATA_DIR, log ${NUVOLA_LOG:-}" >&2
    return 0
  fi
  if [ -n "${NUVOLA_DATA_DIR:-}" ] && [ -n "${NUVOLA_OWN_DATA:-}" ] && [ "$NUVOLA_OWN_DATA" = "$NUVOLA_DATA_DIR" ]; then
    rm -rf "$NUVOLA_DATA_DIR"
  fi
  return 0
}

NUV_LOG_BAD_RE='(Unhandled exception|unhandled exception|^[[:space:]]*(fail|crit):|^[[:space:]]+at [A-Za-z_][A-Za-z0-9_.`<>+]*[.:][^ ]*\(.*\)|--- End of (inner exception )?stack trace|Exception: |^System\.[A-Za-z.]*Exception)'
NUV_LOG_5XX_RE='((status|Status|StatusCode|status_code|code)["]?[=: ]+["]?5[0-9][0-9]([^0-9]|$)|(->|=>|→|responded|returned|HTTP/[0-9.]+"?) *5[0-9][0-9]([^0-9]|$)|(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) [^ ]+.* 5[0-9][0-9]( |$|[^0-9 .m]))'

nuv_check_log() {
  local log=${1:-${NUVOLA_LOG:-}} hits
  [ -n "$log" ] || { echo "nuv_check_log: no log file (NUVOLA_LOG unset)" >&2; return 1; }
  [ -f "$log" ] || { echo "nuv_check_log: $log does not exist" >&2; return 1; }
  hits=$(grep -nE -e "$NUV_LOG_BAD_RE" -e "$NUV_LOG_5XX_RE" "$log" \
         | { if [ -n "${NUVOLA_LOG_ALLOW:-}" ]; then grep -vE -e "$NUVOLA_LOG_ALLOW" || true; else cat; fi } || true)
  if [ -n "$hits" ]; then
    echo "server log $log has server errors (5xx / unhandled exceptions):" >&2
    printf '%s\n' "$hits" | head -n 60 >&2
    local n; n=$(printf '%s\n' "$hits" | wc -l)
    [ "$n" -gt 60 ] && echo "... ($n lines in all)" >&2
    return 1
  fi
  return 0
}

# Run a command with no OS_* variable in its environment (so that only the
# explicit arguments / clouds.yaml we pass count).
nuv_clean_os_env() {
  local -a unset_args=()
  local v
  for v in $(compgen -e); do
    case "$v" in OS_*) unset_args+=(-u "$v") ;; esac
  done
  env "${unset_args[@]}" "$@"
}

# ok NAME / fail NAME WHY...: report one check (see the header).
ok()   { echo "ok  $1"; PASSED=$((PASSED + 1)); }
fail() { local s=$1; shift; local m=$*; m=${m//$'\r'/}; echo "FAIL $s: ${m//$'\n'/ | }"; FAILED=$((FAILED + 1)); }

# nuv_finish: stop the server this script started (it must obey SIGTERM), scan its log, print the summary.
nuv_finish() {
  if [ -n "${NUVOLA_PID:-}" ]; then
    if nuv_stop_server; then ok "server stops on SIGTERM"
    else fail "server stops on SIGTERM" "it did not exit within ${NUVOLA_STOP_TIMEOUT:-30}s"; fi
  fi
  if [ -n "${NUVOLA_LOG:-}" ]; then
    local errs
    if errs=$(nuv_check_log "$NUVOLA_LOG" 2>&1); then
      ok "server log has no 5xx and no unhandled exception"
    else
      fail "server log has no 5xx and no unhandled exception" "$errs"
    fi
  fi
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
