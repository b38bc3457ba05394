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
for suite in conformance/seed.sh conformance/openstack-cli.sh conformance/isolation.sh conformance/tempest-foundation.sh; do
    if [ -x "$suite" ]; then
        echo "== $suite"
        "$suite" || { echo "FAILED: $suite"; failed=$((failed + 1)); }
    fi
done
[ "$failed" -eq 0 ] || { echo "$failed conformance suite(s) failed"; exit 1; }
echo "== all tests passed"
