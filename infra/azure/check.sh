#!/usr/bin/env bash
# CI check for the Azure deployment: compiles and lints every Bicep file with the Bicep CLI from NuGet (any warning
# fails), then publishes the function app and checks the output against the source (check_publish.py). Needs only
# NuGet from the network. Prints one line per stage; on a failure, one line saying what failed, and exits 1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
started=$(date +%s)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() { echo "azure check FAILED: $*" >&2; exit 1; }

# The first diagnostic of a tool's output, and how many more there were, for the one failure line.
first_of() {
  local n first
  n=$(grep -cE '(Warning|Error) ' "$1" || true)
  first=$(grep -m1 -E '(Warning|Error) ' "$1" || tail -n1 "$1")
  if [ "${n:-0}" -gt 1 ]; then echo "$first (+$((n - 1)) more)"; else echo "$first"; fi
}

# 1. The Bicep CLI, restored as a PackageDownload (version in Directory.Packages.props) into the NuGet cache.
dotnet restore "$here/bicep-cli/bicep-cli.csproj" -nologo -v q >"$work/restore.log" 2>&1 || fail "restoring the Bicep CLI from NuGet: $(tail -n1 "$work/restore.log")"
bicep="$(dotnet msbuild "$here/bicep-cli/bicep-cli.csproj" -nologo -getProperty:BicepPath)"
[ -f "$bicep" ] || fail "the Bicep CLI package has no binary at $bicep"
# NuGet does not keep file modes on every platform; the package ships the binary as tools/bicep.
[ -x "$bicep" ] || chmod +x "$bicep"
# Bicep needs no culture data; invariant mode keeps it running where libicu is absent.
bicep_run() { DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$bicep" "$@"; }

# 2. Every template and parameter file: compiled, and linted with bicepconfig.json's rules; a warning is a failure.
mapfile -t templates < <(cd "$here" && find . \( -name '*.bicep' -o -name '*.bicepparam' \) -not -path './bicep-cli/*' | sed 's|^\./||' | sort)
[ "${#templates[@]}" -gt 0 ] || fail "no Bicep files under infra/azure"
for file in "${templates[@]}"; do
  case "$file" in
    *.bicepparam) build=(build-params "$here/$file" --stdout) ;;
    *) build=(build "$here/$file" --stdout) ;;
  esac
  bicep_run "${build[@]}" >"$work/compiled.json" 2>"$work/build.log" || fail "bicep ${build[0]} $file: $(first_of "$work/build.log")"
  grep -qE '(Warning|Error) ' "$work/build.log" && fail "bicep ${build[0]} $file: $(first_of "$work/build.log")"
  bicep_run lint "$here/$file" >"$work/lint.log" 2>&1 || fail "bicep lint $file: $(first_of "$work/lint.log")"
  grep -qE '(Warning|Error) ' "$work/lint.log" && fail "bicep lint $file: $(first_of "$work/lint.log")"
  # No account keys in app settings: the compiled template must never ask a storage account for its keys.
  grep -q 'listKeys' "$work/compiled.json" && fail "$file reads storage account keys (listKeys); use the managed identity"
done
echo "bicep: ${#templates[@]} files compile and lint clean ($(bicep_run --version))"

# 3. The publish output the Function App receives.
dotnet publish "$repo/functions/FashionFunctions/FashionFunctions.csproj" -c Release -o "$work/publish" -nologo -clp:ErrorsOnly \
  >"$work/publish.log" 2>&1 || fail "dotnet publish functions/FashionFunctions: $(grep -m1 -E 'error' "$work/publish.log" || tail -n1 "$work/publish.log")"
result="$(python3 "$here/check_publish.py" "$work/publish" "$repo/functions/FashionFunctions")" || fail "${result#publish check: }"
echo "$result"
echo "azure check passed in $(( $(date +%s) - started )) s"
