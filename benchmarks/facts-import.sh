#!/usr/bin/env bash
# Measures the facts import: starts redis-server (AOF everysec, as in ./run.sh), the person registry and the facts service on
# free loopback ports, imports FACTS facts in batches of BATCH through gRPC, and prints facts per second.
#   bash benchmarks/facts-import.sh [facts=300000] [batch=1000] [concurrency=4]
set -euo pipefail
cd "$(dirname "$0")/.."
FACTS=${1:-300000}; BATCH=${2:-1000}; CONCURRENCY=${3:-4}
work=$(mktemp -d); pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
REDIS_PORT=$(free_port); REG_GRPC=$(free_port); REG_HTTP=$(free_port); FACTS_GRPC=$(free_port); FACTS_HTTP=$(free_port)

echo "building (Release)..."
for p in services/person-registry/Rehab.PersonRegistry services/facts/Rehab.Facts benchmarks/Rehab.Facts.Benchmark; do
  dotnet build "$p" -c Release -v quiet -nologo >/dev/null
done

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$work" --save '' --appendonly yes --appendfsync everysec \
  --logfile "$work/redis.log" >/dev/null
until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.1; done

export Auth__Issuer="https://rehab.local/dev-issuer" Auth__Audience="rehab-platform" Auth__DevSigningKey=$(head -c 32 /dev/urandom | base64)
export Persistence__Redis="127.0.0.1:$REDIS_PORT" Messaging__Transport=redis DOTNET_NOLOGO=1 Logging__LogLevel__Default=Warning
export PersonRegistry__LookupKey=$(head -c 32 /dev/urandom | base64)
(cd services/person-registry/Rehab.PersonRegistry && Ports__Grpc=$REG_GRPC Ports__Http=$REG_HTTP \
  exec dotnet bin/Release/net10.0/Rehab.PersonRegistry.dll) >"$work/person-registry.log" 2>&1 & pids+=($!)
(cd services/facts/Rehab.Facts && exec env Ports__Grpc=$FACTS_GRPC Ports__Http=$FACTS_HTTP "Services__person-registry=http://127.0.0.1:$REG_GRPC" \
  dotnet bin/Release/net10.0/Rehab.Facts.dll) >"$work/facts.log" 2>&1 & pids+=($!)
for port in "$REG_HTTP" "$FACTS_HTTP"; do
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 || { echo "a service did not become healthy"; tail -n 20 "$work"/*.log; exit 1; }
done

dotnet benchmarks/Rehab.Facts.Benchmark/bin/Release/net10.0/Rehab.Facts.Benchmark.dll "http://127.0.0.1:$FACTS_GRPC" "$FACTS" "$BATCH" "$CONCURRENCY" \
  || { tail -n 20 "$work"/*.log; exit 1; }
echo "redis: $(redis-cli -p "$REDIS_PORT" dbsize) keys, $(redis-cli -p "$REDIS_PORT" info memory | grep used_memory_human | tr -d '\r')"
