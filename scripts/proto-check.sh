#!/usr/bin/env bash
# Protobuf lint (buf STANDARD) and breaking-change check (buf FILE rules) against the previous commit.
# buf comes from the npm registry (@bufbuild/buf); google/api and google/type from the NuGet package the build restores.
set -euo pipefail
cd "$(dirname "$0")/.."
BUF_VERSION=1.75.0
tools=.local/tools
if [ ! -x "$tools/node_modules/.bin/buf" ]; then
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "@bufbuild/buf@$BUF_VERSION" >/dev/null
fi
buf="$tools/node_modules/.bin/buf"

dotnet restore building-blocks/Rehab.Contracts -v quiet >/dev/null
common=$(find "${NUGET_PACKAGES:-$HOME/.nuget/packages}/google.api.commonprotos" -maxdepth 3 -type d -name protos | sort | tail -n 1)
[ -d "$common" ] || { echo "Google.Api.CommonProtos protos not found" >&2; exit 1; }

workspace() { # $1 = dir holding a copy of protos/
  mkdir -p "$1/third_party/google"
  cp -r "$common/google/api" "$common/google/type" "$common/google/rpc" "$1/third_party/google/"
  cat > "$1/buf.yaml" <<YAML
version: v2
modules:
  - path: protos
    lint:
      use: [STANDARD]
      # Resource-oriented design (AIP-131/133/134): methods return the resource itself.
      except: [RPC_RESPONSE_STANDARD_NAME, RPC_REQUEST_RESPONSE_UNIQUE]
    breaking:
      use: [FILE]
  - path: third_party
YAML
}

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/new"; cp -r protos "$tmp/new/protos"; rm -f "$tmp/new/protos/buf.yaml"; workspace "$tmp/new"
"$buf" lint "$tmp/new/protos"
echo "proto lint: ok"

if git cat-file -e HEAD~1:protos 2>/dev/null; then
  mkdir -p "$tmp/old"; git archive HEAD~1 protos | tar -x -C "$tmp/old"; rm -f "$tmp/old/protos/buf.yaml"; workspace "$tmp/old"
  "$buf" breaking "$tmp/new/protos" --against "$tmp/old/protos"
  echo "proto breaking check against HEAD~1: ok"
else
  echo "proto breaking check: no earlier protos to compare with"
fi
