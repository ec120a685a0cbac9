#!/usr/bin/env bash
# Starts one built image's root filesystem on this machine (no container runtime): `umoci unpack` the image, then run
# its entrypoint chrooted into the rootfs as the image's user (uid 10001), with the image's environment, against a
# throwaway redis-server on loopback, and call its /alive and /health endpoints.
#   deploy/images/run-local.sh [service]      (default reference-data; run deploy/images/build.sh first)
set -euo pipefail
cd "$(dirname "$0")/../.."
name=${1:-reference-data}; image=rehab-$name
layout=.local/images/oci; bundle=.local/images/run/$name
[ -d "$layout" ] || { echo "no images yet: run deploy/images/build.sh"; exit 1; }

rm -rf "$bundle"; mkdir -p "$(dirname "$bundle")"
umoci unpack --image "$layout:$image" "$bundle" >/dev/null
config=$(skopeo inspect --config "oci:$layout:$image")
field() { node -e 'const c = JSON.parse(process.argv[1]).config; const v = eval("c." + process.argv[2]); console.log(Array.isArray(v) ? v.join("\n") : v)' "$config" "$1"; }
user=$(field User); entrypoint=$(field 'Entrypoint[0]'); workdir=$(field WorkingDir)
http=$(field 'Labels["rehab.ports.http"]'); grpc=$(field 'Labels["rehab.ports.grpc"]')
mapfile -t env < <(field Env)
echo "image $image: user $user, entrypoint $entrypoint, workdir $workdir, image ports grpc $grpc http $http"

# Free loopback ports instead of the image's defaults (a local ./run.sh may hold those).
redis_port=$(( 20000 + RANDOM % 5000 )); grpc=$(( 25000 + RANDOM % 5000 )); http=$(( grpc + 1 ))
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir /tmp \
  --requirepass local-run --pidfile "/tmp/rehab-run-redis-$redis_port.pid" >/dev/null
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  redis-cli -p "$redis_port" -a local-run shutdown nosave >/dev/null 2>&1 || true
  umount "$bundle/rootfs/proc" "$bundle/rootfs/dev" 2>/dev/null || true
}
trap cleanup EXIT
# The rootfs gets the host's /proc and /dev (a container runtime would mount its own).
mount --bind /proc "$bundle/rootfs/proc"; mount --bind /dev "$bundle/rootfs/dev"

key=$(head -c 32 /dev/urandom | base64)
env -i "${env[@]}" \
  Persistence__Redis="127.0.0.1:$redis_port,password=local-run" Persistence__KeyPrefix="local-run-$$" \
  Auth__Issuer=rehab-platform Auth__Audience=rehab-platform Auth__DevSigningKey="$key" \
  PersonRegistry__LookupKey="$key" Ports__Grpc="$grpc" Ports__Http="$http" Gateway__GrpcPort="$grpc" Gateway__HttpPort="$http" \
  chroot --userspec="$user" "$bundle/rootfs" /bin/sh -c "cd $workdir && exec $entrypoint" > "$bundle.log" 2>&1 &
pid=$!

for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$http/alive" >/dev/null 2>&1 && break; sleep 0.2; done
echo "process: $(ps -o user=,uid=,cmd= -p "$(pgrep -P $pid || echo $pid)" 2>/dev/null | head -1)"
echo "GET http://127.0.0.1:$http/alive  -> $(curl -s -w ' (HTTP %{http_code})' "http://127.0.0.1:$http/alive")"
echo "GET http://127.0.0.1:$http/health -> $(curl -s -w ' (HTTP %{http_code})' "http://127.0.0.1:$http/health")"
# grpc.health.v1.Health/Check over h2c: an empty request frame; the answer 00 00000002 0801 is SERVING.
answer=$(printf '\0\0\0\0\0' | curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' \
  --data-binary @- "http://127.0.0.1:$grpc/grpc.health.v1.Health/Check" | od -An -tx1 | tr -d ' \n')
echo "grpc.health.v1.Health/Check on h2c :$grpc -> $answer ($([ "$answer" = 00000000020801 ] && echo SERVING || echo 'not SERVING'))"
[ "$answer" = 00000000020801 ] || exit 1
curl -fs "http://127.0.0.1:$http/health" >/dev/null || { echo "unhealthy; log:"; tail -n 20 "$bundle.log"; exit 1; }
echo "log (first lines): "; head -n 3 "$bundle.log" | cut -c1-200
