#!/usr/bin/env bash
# Installs what is missing, builds everything with warnings as errors, and runs the whole test suite
# (the tests start the composed topology themselves). Extra arguments go to dotnet test.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/prerequisites.sh
dotnet build InstaUploader.sln -nologo -v quiet
results="$(pwd)/TestResults"
rm -rf "$results"
status=0
mkdir -p "$results"
dotnet test InstaUploader.Tests --no-build -nologo \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" --results-directory "$results" \
  --blame-hang-timeout 5m "$@" 2>&1 | tee "$results/console.log" || status=$?
trx="$results/results.trx"
# CI shows only the end of the output: repeat every failure (name, message, first stack lines) there.
if grep -q '^ *Failed InstaUploader' "$results/console.log" 2>/dev/null; then
  echo "==================== failed tests ===================="
  awk '/^ *Failed InstaUploader/ {n=30} n > 0 {print; n--}' "$results/console.log"
  # Each fixture or test class that starts the topology keeps its services' logs in a file named after it.
  echo "Service logs (one file per fixture or test class): $results/service-logs/"
  ls "$results/service-logs" 2>/dev/null | sed 's/^/  /'
fi
if [ -f "$trx" ]; then
  passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | tr -dc 0-9)
  failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | tr -dc 0-9)
  echo "Tests: ${passed:-0} passed, ${failed:-0} failed"
fi
exit $status
