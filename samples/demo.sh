#!/usr/bin/env bash
# Unblock's event-loop demo, measured: the same ASP.NET Core service with blocking handlers (bad), with the
# handlers as Unblock's own fixes rewrite them (fixed), and written async by hand (good), under the same load.
#
#   bash samples/demo.sh --quick   # about a minute: builds, fixes, measures, prints the table and the ratio
#   bash samples/demo.sh           # longer runs, and a plot of /health latency over time in docs/
#
# Needs only the .NET SDK. Everything runs on 127.0.0.1 (free ports), each scenario in fresh server processes
# with the default thread pool, and every run is bounded by a request count and a deadline.
set -euo pipefail

mode=full
case "${1:-}" in
  --quick) mode=quick ;;
  "" | --full) ;;
  *) echo "usage: bash samples/demo.sh [--quick]" >&2; exit 1 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d "${TMPDIR:-/tmp}/unblock-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$SECONDS
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1

# The load: CLIENTS concurrent clients, each sending /{bad,good}/cpu, /sleep and /io in turn (THINK ms apart), while
# HEALTH_CLIENTS clients send HEALTH_REQUESTS requests to /health; a scenario stops at DEADLINE seconds at most.
CLIENTS=${CLIENTS:-32}
THINK=${THINK:-0}
HEALTH_CLIENTS=${HEALTH_CLIENTS:-4}
if [ "$mode" = quick ]; then
  HEALTH_REQUESTS=${HEALTH_REQUESTS:-300}
  DEADLINE=${DEADLINE:-5}
else
  HEALTH_REQUESTS=${HEALTH_REQUESTS:-100000}
  DEADLINE=${DEADLINE:-20}
fi

step() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - started))"; }
fail() { echo "error: $*" >&2; exit 1; }
# Runs a command quietly; on failure shows its output and stops.
quiet() {
  local log="$work/log.txt"
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    fail "'$*' failed"
  fi
}
# Lists the distinct BLK warnings of a build log as "BLK001 x1, BLK002 x1" (or "none").
blk_summary() {
  local ids
  ids=$(grep -oE '[^ ]+\.cs\([0-9]+,[0-9]+\): warning BLK[0-9]+' "$1" | sort -u | grep -oE 'BLK[0-9]+' | sort | uniq -c |
    awk '{ printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1 }')
  echo "${ids:-none}"
}

command -v dotnet >/dev/null || fail "the .NET SDK (dotnet) is not on PATH"

# One build: the analyzers, the package (packed on build into artifacts/packages), the service and LoadGen.
step "build and pack: Unblock.Analyzers, samples/BlockingDemo, samples/LoadGen"
rm -f artifacts/packages/Unblock.Analyzers.*.nupkg
quiet dotnet build samples/demo.slnf -c Release
demo_dll="$root/samples/BlockingDemo/bin/Release/net10.0/BlockingDemo.dll"
loadgen_dll="$root/samples/LoadGen/bin/Release/net10.0/LoadGen.dll"
nupkg=$(ls artifacts/packages/Unblock.Analyzers.*.nupkg 2>/dev/null | head -n 1)
[ -f "$demo_dll" ] && [ -f "$loadgen_dll" ] && [ -n "$nupkg" ] || fail "build outputs not found"
mkdir -p "$work/feed"
cp "$nupkg" "$work/feed/"
version=$(basename "$nupkg" .nupkg)
version=${version#Unblock.Analyzers.}

# Proof that the package's own fixes cure it: a copy of the service references the packed Unblock.Analyzers
# (own package folder, only the local feed), dotnet format applies every fix the package has, and the rebuilt copy
# is measured like the original.
step "install Unblock.Analyzers $version into a copy of the service"
copy="$work/fixed"
mkdir -p "$copy"
cp samples/BlockingDemo/*.cs "$copy/"
echo '<Project />' >"$copy/Directory.Build.props"
echo '<Project />' >"$copy/Directory.Packages.props"
cat >"$copy/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
  </packageSources>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
</configuration>
EOF
cat >"$copy/BlockingDemo.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <LangVersion>latest</LangVersion>
    <NoWarn>\$(NoWarn);CS1998</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Unblock.Analyzers" Version="$version" PrivateAssets="all" />
  </ItemGroup>
</Project>
EOF
# Every Unblock rule id (BLK001-BLK099): whichever rules and fixes the package has today are applied.
step "dotnet format analyzers --diagnostics BLK001..BLK099 --severity info"
# shellcheck disable=SC2046 # one argument per rule id
quiet dotnet format analyzers "$copy/BlockingDemo.csproj" --diagnostics $(seq -f 'BLK%03g' 1 99) --severity info \
  --report "$work/report"
fixes=$(grep -oE '"DiagnosticId": "BLK[0-9]+"' "$work/report/format-report.json" 2>/dev/null | grep -oE 'BLK[0-9]+' | sort |
  uniq -c | awk '{ printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1 }')
echo "fixed by dotnet format: ${fixes:-nothing}"
{ diff -u samples/BlockingDemo/BadEndpoints.cs "$copy/BadEndpoints.cs" || true; } | grep -E '^[-+] ' || echo "(no change)"
quiet dotnet build "$copy/BlockingDemo.csproj" -c Release
echo "BLK warnings left in the copy (no automatic fix yet): $(blk_summary "$work/log.txt")"
fixed_dll="$copy/bin/Release/net10.0/BlockingDemo.dll"

# One scenario: fresh stub and server processes, warm-up, then the bounded load; prints LoadGen's summary and
# keeps its RESULT line.
results="$work/results.tsv"
: >"$results"
timeline="$work/timeline.csv"
: >"$timeline"
measure() {
  local label=$1 dll=$2 family=$3
  step "load: $CLIENTS clients on /$family/* of the $label service, $HEALTH_REQUESTS /health requests, deadline ${DEADLINE}s"
  local out="$work/$label.out" status=0
  timeout $((${DEADLINE%.*} + 120)) dotnet "$loadgen_dll" --server "$dll" --stub-server "$demo_dll" --family "$family" \
    --label "$label" --clients "$CLIENTS" --think "$THINK" --health-clients "$HEALTH_CLIENTS" --health-requests "$HEALTH_REQUESTS" \
    --deadline "$DEADLINE" --timeline "$timeline" >"$out" || status=$?
  [ "$status" -eq 0 ] || fail "the load generator failed (exit $status) for the $label scenario"
  grep '^RESULT' "$out" >>"$results"
}

measure bad "$demo_dll" bad
measure fixed "$fixed_dll" bad
measure good "$demo_dll" good

step "results"
awk -F '\t' -v clients="$CLIENTS" '
  BEGIN { printf "%-34s %12s %10s %10s %12s\n", "scenario (" clients " clients)", "requests/s", "p50 ms", "p99 ms", "/health done" }
  {
    name = ($2 == "bad") ? "bad: blocking handlers" : ($2 == "fixed") ? "fixed: bad after Unblock fixes" : "good: async by hand"
    mark = ($8 == "partial") ? "*" : ""
    printf "%-34s %12.1f %10.1f %10.1f %12s\n", name, $3, $4, $5, $6 "/" $7 mark
  }' "$results"
if grep -q 'partial' "$results"; then
  echo "* stopped by the deadline: requests/s counts the requests done; requests still waiting count in p50/p99 with"
  echo "  the time they had waited (a lower bound)"
fi

if [ "$mode" = full ]; then
  step "plot"
  quiet dotnet build samples/DemoPlot/DemoPlot.csproj -c Release
  mkdir -p docs
  quiet dotnet samples/DemoPlot/bin/Release/net10.0/DemoPlot.dll "$timeline" docs/demo-latency.png \
    "/health latency while $CLIENTS clients hit the bad, fixed and good handlers (2 cores, default thread pool)"
  echo "wrote docs/demo-latency.png"
fi

printf '\ndone in %ss\n' "$((SECONDS - started))"
# The throughput of /health never reaches zero here: a scenario that completes no /health request at all
# counts as one request in the whole window, so the ratio is then a lower bound.
awk -F '\t' '
  function rate(label) { return (rps[label] > 0) ? rps[label] : 1 / window[label] }
  { rps[$2] = $3; p99[$2] = $5; window[$2] = '"$DEADLINE"' }
  END {
    printf "fixed/bad throughput ratio: %.1fx (health p99 bad/fixed: %.1fx)\n", rate("fixed") / rate("bad"), p99["bad"] / p99["fixed"]
    printf "good/bad throughput ratio: %.1fx (health p99 bad/good: %.1fx)\n", rate("good") / rate("bad"), p99["bad"] / p99["good"]
  }' "$results"
