#!/usr/bin/env bash
# Runs every test tier except Long against real components (redis-server processes the tests start themselves;
# the Interop tier runs a Node.js gRPC client; the Browser tier runs headless Chromium).
# Prints each tier's duration and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
scripts/ensure-prerequisites.sh || exit 1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

start=$(date +%s)
mkdir -p .local
if ! dotnet build Rehab.Platform.sln -c Release -nologo > .local/build.log 2>&1; then
  grep -E "error" .local/build.log | sort -u | head -n 40
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi
echo "build: $(( $(date +%s) - start )) s"

passed=0; failed=0
run_tier() {
  local name=$1 filter=$2 t0 out
  t0=$(date +%s)
  out=$(dotnet test Rehab.Platform.sln -c Release --no-build --nologo --filter "$filter" 2>&1)
  local rc=$?
  echo "$out" | grep -E "^\s*(Failed|Error Message|  at Rehab|Passed!|Failed!)|\[FAIL\]" | head -n 80
  local p f
  p=$(echo "$out" | grep -oE "Passed: +[0-9]+" | awk '{s+=$2} END {print s+0}')
  f=$(echo "$out" | grep -oE "Failed: +[0-9]+" | awk '{s+=$2} END {print s+0}')
  if [ "$rc" != "0" ] && [ "$f" = "0" ]; then
    # dotnet test failed without a failed test (a crash, a build problem): count it.
    echo "$out" | tail -n 30; f=1
  fi
  passed=$((passed + p)); failed=$((failed + f))
  echo "tier $name: $p passed, $f failed in $(( $(date +%s) - t0 )) s"
}

run_tier Fast "Tier=Fast"
run_tier Redis "Tier=Redis"
run_tier Fault "Tier=Fault"
# An independent Node.js client through the gateway (tests/interop; the first run does `npm ci`, which needs the npm registry).
run_tier Interop "Tier=Interop"
# The report page in headless Chromium against the whole platform (tests/Rehab.ReportPage.Tests; screenshots under artifacts/).
run_tier Browser "Tier=Browser"
# Issue 9's exactness test through the platform: the whole generated population through the bulk import paths, every published
# cell of 000 Tabell 1–5 from the reporting API (tests/Rehab.Reporting.Tests/PlatformExactnessTests.cs; a few minutes).
run_tier Population "Tier=Population"
run_tier Untiered "Tier!=Fast&Tier!=Redis&Tier!=Fault&Tier!=Interop&Tier!=Browser&Tier!=Population&Tier!=Long"
# The Helm chart and skaffold.yaml, offline: helm lint/template per values file, Kubernetes schema validation, wrong values.
t0=$(date +%s)
chart_out=$(scripts/chart-check.sh 2>&1)
echo "$chart_out" | grep -E "^(FAIL|    )" | head -n 40
p=$(echo "$chart_out" | sed -n 's/^tier Chart: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p'); f=$(echo "$chart_out" | sed -n 's/^tier Chart: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
[ -z "$p" ] && { echo "$chart_out" | tail -n 20; p=0; f=1; }
passed=$((passed + p)); failed=$((failed + f))
echo "tier Chart: $p passed, $f failed in $(( $(date +%s) - t0 )) s"
# The README's run command, end to end: Redis, every service, the gateway and the scenario through it.
t0=$(date +%s)
if ./run.sh --once > .local/smoke.log 2>&1 && grep -q "Scenario completed." .local/smoke.log; then
  passed=$((passed + 1)); echo "tier Smoke (./run.sh --once): 1 passed, 0 failed in $(( $(date +%s) - t0 )) s"
else
  failed=$((failed + 1)); tail -n 40 .local/smoke.log; echo "tier Smoke (./run.sh --once): 0 passed, 1 failed"
fi
echo "total: $(( $(date +%s) - start )) s"
echo "$passed passed, $failed failed"
[ "$failed" = "0" ]
