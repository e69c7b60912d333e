#!/usr/bin/env bash
# CI check for the Azure deployment, offline: compiles and lints every Bicep file with the Bicep CLI from NuGet (any
# warning fails); evaluates the template for each parameter file with `bicep snapshot` (the ARM engine, offline) and
# checks the result against Azure's Flex Consumption, telemetry, network and database rules (check_policy.py), then
# proves that check catches each planted mistake (check_policy_test.py) and that the template's own fail() guards fire
# (checks/fails/); publishes the function app and checks the output against the source (check_publish.py). Needs only
# NuGet from the network. Prints one line per stage; on a failure, one line saying what failed, and exits 1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
started=$(date +%s)
work="$(mktemp -d)"
publish_pid=""
trap '[ -n "$publish_pid" ] && kill "$publish_pid" 2>/dev/null; rm -rf "$work"' EXIT

fail() { echo "azure check FAILED: $*" >&2; exit 1; }

# The first diagnostic of a tool's output, and how many more there were, for the one failure line.
first_of() {
  local n first
  n=$(grep -cE '(Warning|Error) ' "$1" || true)
  first=$(grep -m1 -E '(Warning|Error) ' "$1" || tail -n1 "$1")
  if [ "${n:-0}" -gt 1 ]; then echo "$first (+$((n - 1)) more)"; else echo "$first"; fi
}

# The publish output the Function App receives; built in the background while the templates are checked.
dotnet publish "$repo/functions/FashionFunctions/FashionFunctions.csproj" -c Release -o "$work/publish" -nologo -clp:ErrorsOnly \
  >"$work/publish.log" 2>&1 &
publish_pid=$!

# 1. The Bicep CLI, restored as a PackageDownload (version in Directory.Packages.props) into the NuGet cache.
dotnet restore "$here/bicep-cli/bicep-cli.csproj" -nologo -v q >"$work/restore.log" 2>&1 || fail "restoring the Bicep CLI from NuGet: $(tail -n1 "$work/restore.log")"
bicep="$(dotnet msbuild "$here/bicep-cli/bicep-cli.csproj" -nologo -getProperty:BicepPath)"
[ -f "$bicep" ] || fail "the Bicep CLI package has no binary at $bicep"
# NuGet does not keep file modes on every platform; the package ships the binary as tools/bicep.
[ -x "$bicep" ] || chmod +x "$bicep"
# Bicep needs no culture data; invariant mode keeps it running where libicu is absent.
bicep_run() { DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$bicep" "$@"; }

# 2. Every template and parameter file, compiled in a copy (the CLI writes its output beside each file); the CLI lints
# as it builds, with bicepconfig.json's rules, and any warning is a failure.
mapfile -t sources < <(cd "$here" && find . \( -name '*.bicep' -o -name '*.bicepparam' -o -name bicepconfig.json -o -name flex-rules.json \) -not -path './bicep-cli/*' | sort)
mkdir -p "$work/templates" && tar -C "$here" -cf - "${sources[@]}" | tar -C "$work/templates" -xf -
count=$(printf '%s\n' "${sources[@]}" | grep -cE '\.bicep(param)?$' || true)
[ "$count" -gt 0 ] || fail "no Bicep files under infra/azure"
# Parameter files first: main.bicepparam's output is main.json too, and the template's must be the one that stays.
(cd "$work/templates" && bicep_run build-params --pattern '**/*.bicepparam' && bicep_run build --pattern '**/*.bicep') >"$work/build.log" 2>&1 \
  || fail "bicep build: $(first_of "$work/build.log")"
grep -qE '(Warning|Error) ' "$work/build.log" && fail "bicep build: $(first_of "$work/build.log")"
# No account keys in app settings: the compiled template must never ask a storage account for its keys.
keys="$(cd "$work/templates" && grep -rl 'listKeys' --include='*.json' . || true)"
[ -z "$keys" ] || fail "${keys#./} reads storage account keys (listKeys); use the managed identity"
cp "$work/templates/main.json" "$work/compiled.json"
echo "bicep: $count files compile and lint clean ($(bicep_run --version))"

# 3. The template as Azure would expand it, for each shape: main.bicepparam and checks/*.bicepparam. Placeholder scope:
# nothing here reaches Azure.
snapshot() {
  bicep_run snapshot "$work/templates/$1" --mode overwrite --tenant-id 00000000-0000-0000-0000-000000000001 \
    --subscription-id 00000000-0000-0000-0000-000000000002 --resource-group fashion-check --location swedencentral
}
mkdir -p "$work/snapshots"
for params in main.bicepparam $(cd "$here" && find checks -maxdepth 1 -name '*.bicepparam' | sort); do
  snapshot "$params" >"$work/snapshot.log" 2>&1 || fail "bicep snapshot $params: $(tail -n1 "$work/snapshot.log")"
  mv "$work/templates/${params%.bicepparam}.snapshot.json" "$work/snapshots/"
done
# The template's fail() guards: each of checks/fails/ must be refused with the message its first line expects.
guards=0
for params in $(cd "$here" && find checks/fails -name '*.bicepparam' | sort); do
  expected="$(sed -n '1s|^// expect: ||p' "$here/$params")"
  [ -n "$expected" ] || fail "$params has no '// expect: <message>' first line"
  snapshot "$params" >"$work/snapshot.log" 2>&1 && fail "bicep snapshot $params succeeded; the template should refuse it with: $expected"
  grep -qF "$expected" "$work/snapshot.log" || fail "bicep snapshot $params failed for another reason than '$expected': $(tail -n1 "$work/snapshot.log")"
  guards=$((guards + 1))
done
echo "snapshot: $(find "$work/snapshots" -name '*.snapshot.json' | wc -l) shapes evaluated offline; $guards parameter files refused by the template's guards"

# 4. The publish output, then the policy over templates and output together, and proof the policy catches mistakes.
wait "$publish_pid" || { publish_pid=""; fail "dotnet publish functions/FashionFunctions: $(grep -m1 -E 'error' "$work/publish.log" || tail -n1 "$work/publish.log")"; }
publish_pid=""
result="$(python3 "$here/check_publish.py" "$work/publish" "$repo/functions/FashionFunctions")" || fail "${result#publish check: }"
echo "$result"
result="$(python3 "$here/check_policy.py" "$here/flex-rules.json" "$work/compiled.json" "$work/publish" "$work"/snapshots/*.snapshot.json)" \
  || fail "${result#policy check: }"
echo "$result"
(cd "$here" && POLICY_INPUTS="$work" PYTHONDONTWRITEBYTECODE=1 python3 -m unittest -q check_policy_test >"$work/policy-test.log" 2>&1) \
  || fail "a planted mistake got past the policy check: $(grep -m1 -E '^(FAIL|ERROR):' "$work/policy-test.log" || tail -n1 "$work/policy-test.log")"
echo "policy test: every planted mistake caught, the shipped templates pass ($(grep -oE 'Ran [0-9]+ tests' "$work/policy-test.log" | sed 's/Ran //'))"
echo "azure check passed in $(( $(date +%s) - started )) s"
