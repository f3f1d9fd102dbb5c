#!/usr/bin/env bash
# Installs what InstaUploader needs from Debian's packages, only what is missing:
# PostgreSQL server (embedded cluster), Chromium (Playwright, Dolphin stand-in), ffmpeg (media uniq),
# tinyproxy (a real HTTP proxy for proxy diagnostics tests), pgbouncer (a transaction-mode pooler), the reference client's Python modules.
set -euo pipefail

missing=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
{ command -v tinyproxy || test -x /usr/bin/tinyproxy || test -x /usr/sbin/tinyproxy; } >/dev/null 2>&1 || missing+=(tinyproxy)
# PgBouncer in transaction mode in front of PostgreSQL (the connection-budget test).
{ command -v pgbouncer || test -x /usr/sbin/pgbouncer; } >/dev/null 2>&1 || missing+=(pgbouncer)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
# The reference client (../shared/reference/instagrapi) runs on python3 with these from Debian (conformance tests);
# yaml and jsonschema: deploy/kubernetes/schemas/validate.py (KubernetesSchemaTests).
for module in PIL:python3-pil Cryptodome:python3-pycryptodome socks:python3-socks yaml:python3-yaml jsonschema:python3-jsonschema; do
  test -d "/usr/lib/python3/dist-packages/${module%%:*}" || test -f "/usr/lib/python3/dist-packages/${module%%:*}.py" || missing+=("${module#*:}")
done

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet on PATH)." >&2
  exit 1
fi

# s3rver (npm): a local S3-compatible server the media store's S3 tests start; kept in .instauploader/tools.
install_s3rver() {
  local tools
  tools="$(cd "$(dirname "$0")/.." && pwd)/.instauploader/tools/s3rver"
  test -x "$tools/node_modules/.bin/s3rver" && return 0
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" s3rver@3.7.1 >/dev/null
}

if [ ${#missing[@]} -eq 0 ]; then
  install_s3rver
  exit 0
fi

echo "Installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Packages' own services (the Debian 'main' cluster, tinyproxy's daemon) are not used: we start our own.
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Prerequisites installed."
install_s3rver
