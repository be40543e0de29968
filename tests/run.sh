#!/usr/bin/env bash
# Runs every test of the repository and ends with one line: "N passed, N failed".
# Usage: bash tests/run.sh [extra dotnet test arguments]
set -u
cd "$(dirname "$0")/.."
results="TestResults"
rm -rf "$results"
dotnet test Analyzers.sln -c Release --logger "trx" --results-directory "$results" "$@"
status=$?
passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(printf '%s' "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(printf '%s' "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The run failed before any test could fail (a build error, a crashed host): count it as one failure.
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
