#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole system with demo data:
# Postgres (embedded), Web on http://localhost:8000, two workers on :9000/:9001, the Sandbox on :8100,
# and the AppHost dashboard on http://localhost:18888. Ctrl+C stops everything.
# Extra arguments go to the AppHost, e.g. ./run.sh --workers 4
set -euo pipefail
cd "$(dirname "$0")"
./scripts/prerequisites.sh
dotnet build InstaUploader.AppHost -v quiet -nologo
exec dotnet run --project InstaUploader.AppHost --no-build -- --demo true "$@"
