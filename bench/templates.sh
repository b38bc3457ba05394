#!/usr/bin/env bash
# Validation benchmark: a generated template of N resources (default 1000), validated once cold and RUNS times warm.
# Usage: bench/templates.sh [N] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/bench/templates/Nuvola.Bench.Templates.csproj" -c Release -nologo -v quiet >/dev/null
dotnet "$root/bench/templates/bin/Release/net10.0/Nuvola.Bench.Templates.dll" "${1:-1000}" "${2:-20}"
