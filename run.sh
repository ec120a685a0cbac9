#!/usr/bin/env bash
# Brings the platform up on this machine, drives the referral scenario through the gateway, loads a small synthetic
# population through the import paths and prints the 2025 annual tables.
#   ./run.sh            run, print what happened and the addresses, keep running until Ctrl-C
#   ./run.sh --once     the same, then stop everything (used by tests and CI smoke runs)
# Provisions Redis (Debian's redis-server; loopback; AOF on; data in .local/redis), builds, starts every
# service and the gateway sidecar-less (messaging over Redis Streams), waits until healthy.
set -euo pipefail
cd "$(dirname "$0")"
once=false; [ "${1:-}" = "--once" ] && once=true

REDIS_PORT=${REHAB_REDIS_PORT:-6390}
state=.local; logs=$state/logs; mkdir -p "$logs" "$state/redis"
scripts/ensure-prerequisites.sh

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done   # redis-server shuts down cleanly on SIGTERM
  echo "stopped."
}
trap cleanup INT TERM EXIT

# Never touch what another run started: its Redis, or a platform still answering on the gateway's port.
if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "redis: already running on 127.0.0.1:$REDIS_PORT (stop it first for a clean run)"; exit 1
fi
if curl -fs http://127.0.0.1:5081/health >/dev/null 2>&1; then
  echo "a gateway already answers on 127.0.0.1:5081 (another ./run.sh?); stop it first"; exit 1
fi
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --appendonly yes --appendfsync everysec \
  --dir "$PWD/$state/redis" --save "" --daemonize no >"$logs/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
echo "redis: 127.0.0.1:$REDIS_PORT (AOF in $state/redis)"

echo "building..."
dotnet build Rehab.Platform.sln -c Release -nologo -v quiet >"$logs/build.log" 2>&1 || { grep -E "error" "$logs/build.log" | sort -u | head -20; exit 1; }

# One development signing key per run: real signed tokens, nothing secret committed.
export Auth__Issuer="https://rehab.local/dev-issuer" Auth__Audience="rehab-platform"
export Auth__DevSigningKey=${REHAB_DEV_SIGNING_KEY:-$(head -c 32 /dev/urandom | base64)}
(umask 077; echo "$Auth__DevSigningKey" > "$state/dev-signing-key")
export Persistence__Redis="127.0.0.1:$REDIS_PORT" Messaging__Transport=redis
export ASPNETCORE_ENVIRONMENT=Development DOTNET_NOLOGO=1

start() { # name project-dir assembly
  local name=$1 dir=$2 dll=$3
  (cd "$dir" && exec dotnet "bin/Release/net10.0/$dll.dll") >"$logs/$name.log" 2>&1 &
  pids+=($!)
}
start person-registry services/person-registry/Rehab.PersonRegistry Rehab.PersonRegistry
start referral services/referral/Rehab.Referral Rehab.Referral
start reference-data services/reference-data/Rehab.ReferenceData Rehab.ReferenceData
start joint-assessment services/joint-assessment/Rehab.JointAssessment Rehab.JointAssessment
start interventions services/interventions/Rehab.Interventions Rehab.Interventions
start facts services/facts/Rehab.Facts Rehab.Facts
start transition-meetings services/transition-meetings/Rehab.TransitionMeetings Rehab.TransitionMeetings
start tracking services/tracking/Rehab.Tracking Rehab.Tracking
start reporting services/reporting/Rehab.Reporting Rehab.Reporting
start gateway gateway/Rehab.Gateway Rehab.Gateway

echo -n "waiting for health"
healthy=false
for _ in $(seq 1 120); do
  if curl -fs http://127.0.0.1:5081/health >/dev/null 2>&1; then healthy=true; break; fi
  echo -n "."; sleep 0.5
done
echo
$healthy || { echo "the platform did not become healthy; logs in $logs/"; tail -n 20 "$logs"/*.log; exit 1; }

dotnet tools/Rehab.Scenario/bin/Release/net10.0/Rehab.Scenario.dll --gateway http://127.0.0.1:5080

# The main job (issue 9): a small synthetic population (every 40th person of the generated reporting history) through the
# import paths, then the 2025 annual tables as an Analyst sees them. The load is idempotent: a second run changes nothing.
echo "loading a synthetic population sample through the import paths (log: $logs/population.log)..."
dotnet tools/Rehab.Population/bin/Release/net10.0/Rehab.Population.dll load --gateway http://127.0.0.1:5080 --sample 40 \
  >"$logs/population.log" 2>&1 || { tail -n 20 "$logs/population.log"; exit 1; }
grep -E "^loaded|records" "$logs/population.log" || true
rehab=(dotnet tools/rehab/bin/Release/net10.0/rehab.dll)
# Reporting folds the imported events as they are published: print once two reads a second apart agree (at most ~30 s).
report=""; previous=""
for _ in $(seq 1 30); do
  report=$("${rehab[@]}" reports annual 2025 --role Analyst 2>&1) || { echo "$report"; exit 1; }
  [ "$(tail -n +2 <<<"$report")" = "$(tail -n +2 <<<"$previous")" ] && break
  previous=$report; sleep 1
done
echo "$report"

cat <<INFO

Platform is up (logs in $logs/):
  gateway        gRPC (h2c)  http://127.0.0.1:5080   HTTP/1 (JSON, gRPC-Web, /health)  http://127.0.0.1:5081
  referral       gRPC        http://127.0.0.1:5102   HTTP/1  http://127.0.0.1:5103
  person-registry gRPC       http://127.0.0.1:5100   HTTP/1  http://127.0.0.1:5101
  reference-data gRPC        http://127.0.0.1:5104   HTTP/1  http://127.0.0.1:5105   (seeded from services/reference-data/Rehab.ReferenceData/seed/)
  joint-assessment gRPC      http://127.0.0.1:5106   HTTP/1  http://127.0.0.1:5107
  interventions  gRPC        http://127.0.0.1:5110   HTTP/1  http://127.0.0.1:5111
  facts          gRPC        http://127.0.0.1:5108   HTTP/1  http://127.0.0.1:5109
  transition-meetings gRPC   http://127.0.0.1:5112   HTTP/1  http://127.0.0.1:5113
  tracking       gRPC        http://127.0.0.1:5114   HTTP/1  http://127.0.0.1:5115
  reporting      gRPC        http://127.0.0.1:5116   HTTP/1  http://127.0.0.1:5117
  redis          127.0.0.1:$REDIS_PORT

Try it by hand (development tokens are signed with the key in $state/dev-signing-key):
  export Auth__DevSigningKey=\$(cat $state/dev-signing-key)
  TOKEN=\$(dotnet tools/rehab/bin/Release/net10.0/rehab.dll token --role FkCaseOfficer --office fk-stockholm-city)
  curl -s -H "authorization: Bearer \$TOKEN" -H "x-rehab-purpose: case handling" http://127.0.0.1:5081/v1/referrals
  dotnet tools/rehab/bin/Release/net10.0/rehab.dll referral list --role FkCaseOfficer --office fk-stockholm-city   # the rehab tool; --help for more
  dotnet tools/rehab/bin/Release/net10.0/rehab.dll reports annual 2025 --role Analyst --as-of 2026-03-01   # as the loaded history knew it then
INFO
if $once; then exit 0; fi
echo "Press Ctrl-C to stop."
wait
