#!/usr/bin/env bash
# Installs the bench's graphile-worker anchor (package.json, locked by package-lock.json) into a cache directory
# outside the clone, once per lock file; prints the directory to run run.mjs from. Needs node and npm on the PATH.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${INSTAUPLOADER_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/instauploader-bench}/graphile-$(sha256sum "$here/package-lock.json" | cut -c1-12)"
mkdir -p "$cache"
cp "$here/package.json" "$here/package-lock.json" "$here/run.mjs" "$cache/"
if [ ! -f "$cache/node_modules/.installed" ]; then
  (cd "$cache" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  touch "$cache/node_modules/.installed"
fi
echo "$cache"
