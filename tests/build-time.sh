#!/usr/bin/env bash
# What Unblock adds to a real `dotnet build`: this repository's largest project (tests/Unblock.Tests and the projects it
# references, Unblock analysing the test project as it does every build here) rebuilt from scratch with Unblock and
# without it (-p:UnblockSelfAnalysis=false), alternately, N times each; prints the median wall times and the difference.
# Usage: bash tests/build-time.sh [N=3]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
project="tests/Unblock.Tests/Unblock.Tests.csproj"
dotnet restore "$project" >/dev/null
dotnet build "$project" -c Release --no-restore >/dev/null   # warm: the SDK, the build server and the compiler
with=()
without=()
measure() {
  local start end
  start=$(date +%s%N)
  # "with": each project's own default (tests and samples analysed); "without": -p:UnblockSelfAnalysis=false everywhere.
  dotnet build "$project" -c Release --no-restore --no-incremental -nodeReuse:false $1 >/dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
for i in $(seq 1 "$runs"); do
  with+=("$(measure "")")
  without+=("$(measure -p:UnblockSelfAnalysis=false)")
  echo "run $i: with Unblock ${with[-1]} ms, without ${without[-1]} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
w=$(median "${with[@]}")
wo=$(median "${without[@]}")
awk -v w="$w" -v wo="$wo" 'BEGIN { printf "median: with Unblock %d ms, without %d ms, added %+.1f%%\n", w, wo, (w - wo) * 100 / wo }'
