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
# The seed's Ansible playbook (Debian's ansible 7.7, openstack.cloud 1.10 in a private copy), then (namespace hypervisor, root)
# the second play over SSH through `nuvola cloud proxy` (configure_vm1.yml), then list and delete.
run_suite conformance/ansible.sh
# The Heat client (python3-heatclient): stack create --wait, output show, resource and event list, delete --wait.
run_suite conformance/heat-cli.sh
# Real instances (namespace hypervisor, root only; prints "skipped" elsewhere): ssh, user data, security groups,
# 20 at once, volumes, kill -9 adoption, clean shutdown.
run_suite conformance/instances.sh
# nuvola deploy/outputs/destroy of examples/fg-instance.hot.yaml and of every ../shared/fixtures/hot template whose
# resource types are supported, each destroy checked with the openstack client to leave nothing.
run_suite conformance/deploy.sh
# One stack across two embedded clouds (the second --profile fg-cloud) through OS::Heat::Stack context {cloud: second}:
# deploy checked with the openstack client on each, destroy refused (exit 7, every record kept) while the second is
# unconfigured, then destroy removes everything from both.
run_suite conformance/multicloud.sh
# Tempest on the whole interop guideline (2022.11, non-admin: 258 tests), Block Storage included, with per-service
# minimums: the foundation's bars for identity and image, 90% for the others.
TEMPEST_CINDER=true TEMPEST_MIN="${TEMPEST_MIN:-identity=14 image=20 compute=80 network=60 volume=59}" \
    run_suite conformance/tempest.sh artifacts/tempest-results.md all
# heat-tempest-plugin on the required orchestration list (60 tests): measured 60 passing; the gate is 57 (the issue asks
# for 54) so that a functional test slowed down by a loaded machine does not fail the run.
TEMPEST_MIN="${TEMPEST_MIN_ORCHESTRATION:-orchestration=57}" TEMPEST_CONCURRENCY="${TEMPEST_HEAT_CONCURRENCY:-2}" \
    run_suite conformance/tempest.sh artifacts/tempest-orchestration.md orchestration
[ "$failed" -eq 0 ] || { echo "$failed conformance suite(s) failed"; exit 1; }
echo "== all tests passed"
