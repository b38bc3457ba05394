#!/usr/bin/env bash
# Runs every test: format and build checks, the unit and HTTP tests, then the official clients against a live cloud.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
"$root/scripts/ensure-packages.sh"

echo "== format"
dotnet format --verify-no-changes
echo "== build"
dotnet build -nologo -v quiet -warnaserror
echo "== unit and HTTP tests"
dotnet test --no-build -nologo

failed=0
run_suite() {
    echo "== $*"
    "$@" || { echo "FAILED: $*"; failed=$((failed + 1)); }
}
run_suite conformance/seed.sh
run_suite conformance/openstack-cli.sh
# Tempest on the interop guideline's identity, image and compute tests, with the foundation's bars.
TEMPEST_MIN="${TEMPEST_MIN:-identity=14 image=20 compute=50}" \
    run_suite conformance/tempest.sh artifacts/tempest-results.md identity image compute
[ "$failed" -eq 0 ] || { echo "$failed conformance suite(s) failed"; exit 1; }
echo "== all tests passed"
