#!/usr/bin/env bash
# Annual report benchmark (issue 9 item 8): starts a redis-server on a free port (no persistence), writes synthetic cases to the
# reporting input log (KeyedAppendLog, as the service stores events) and prints, per size, how long the annual report takes
# cold (rebuilt from Redis, as at service start) and warm (in memory).
#   bash benchmarks/reports.sh [sizes=100000,300000,1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${1:-100000,300000,1000000}
work=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
cleanup() { redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
dotnet build benchmarks/Rehab.Reports.Benchmark -c Release -v quiet -nologo >/dev/null
redis-server --port "$PORT" --bind 127.0.0.1 --daemonize yes --dir "$work" --save '' --appendonly no --logfile "$work/redis.log" >/dev/null
until redis-cli -p "$PORT" ping >/dev/null 2>&1; do sleep 0.1; done
dotnet benchmarks/Rehab.Reports.Benchmark/bin/Release/net10.0/Rehab.Reports.Benchmark.dll "127.0.0.1:$PORT" "$SIZES"
echo "redis: $(redis-cli -p "$PORT" info memory | grep used_memory_peak_human | tr -d '\r')"
