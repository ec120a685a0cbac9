#!/usr/bin/env bash
# Timer engine benchmark: schedules timers due evenly over an interval against a redis-server it starts (AOF everysec)
# or --redis host:port, fires them with N engine instances, prints timers fired per second, the lateness distribution
# and an exactly-once check (exit code 1 if it fails). Arguments are passed on, e.g.:
#   bash benchmarks/timers.sh                                   # 100,000 timers over 20 s, 4 engines
#   bash benchmarks/timers.sh --timers 1000000 --over 200       # the 1M run reported in docs/architecture.md
#   bash benchmarks/timers.sh --over 0                          # all due at once: the maximum firing rate
# Options: --timers N --over SECONDS --engines N --batch N --poll-ms N --redis host:port
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build benchmarks/Rehab.Timers.Benchmark -c Release -v quiet -nologo >/dev/null
exec dotnet benchmarks/Rehab.Timers.Benchmark/bin/Release/net10.0/Rehab.Timers.Benchmark.dll "$@"
