#!/usr/bin/env bash
# Installs the Debian packages the demo and the tests need, when missing (a fresh machine has only the .NET SDK).
set -euo pipefail
packages=(python3-openstackclient python3-openstacksdk python3-keystoneauth1 tempest heat-tempest-plugin python3-heatclient ansible curl sqlite3 wrk jq openssh-client postgresql
    nftables openssh-server iproute2 util-linux)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
