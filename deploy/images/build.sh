#!/usr/bin/env bash
# Builds the OCI images of every service and the gateway on a machine WITHOUT Docker or a base-image registry:
#   1. `dotnet publish -r linux-x64 --self-contained` (runtime packs come from NuGet),
#   2. one minimal Debian root filesystem from Debian packages (mmdebstrap, built once and cached), with
#      ca-certificates, ICU, tzdata (Europe/Stockholm) and a non-root user `rehab` (uid/gid 10001),
#   3. assembled daemonlessly with umoci into ONE OCI layout, .local/images/oci, tag per image: every image is the
#      shared rootfs layer, the shared .NET runtime layer (the runtime packs' files, in /app) and its own app layer
#      (the rest of the self-contained publish output) — a node pulls the rootfs and the runtime once for all images,
#   4. metadata (user, entrypoint, ports, env) printed with skopeo.
#
#   deploy/images/build.sh                      # all images
#   deploy/images/build.sh referral gateway     # some
#   deploy/images/build.sh --push 127.0.0.1:5000 [names...]   # also copy to a registry (plain HTTP allowed)
#   deploy/images/build.sh --archive [names...]               # also write .local/images/<image>.tar (oci-archive)
#
# On a developer machine with Docker, deploy/images/Dockerfile builds the same images (skaffold uses it).
# Needs root (mmdebstrap --mode=root); installs mmdebstrap, umoci and skopeo from Debian packages when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

# name | project directory | assembly | gRPC port | HTTP/1 port   (keep in step with charts/rehab-platform/values.yaml)
IMAGES="
person-registry|services/person-registry/Rehab.PersonRegistry|Rehab.PersonRegistry|5100|5101
referral|services/referral/Rehab.Referral|Rehab.Referral|5102|5103
reference-data|services/reference-data/Rehab.ReferenceData|Rehab.ReferenceData|5104|5105
joint-assessment|services/joint-assessment/Rehab.JointAssessment|Rehab.JointAssessment|5106|5107
interventions|services/interventions/Rehab.Interventions|Rehab.Interventions|5110|5111
facts|services/facts/Rehab.Facts|Rehab.Facts|5108|5109
transition-meetings|services/transition-meetings/Rehab.TransitionMeetings|Rehab.TransitionMeetings|5112|5113
tracking|services/tracking/Rehab.Tracking|Rehab.Tracking|5114|5115
reporting|services/reporting/Rehab.Reporting|Rehab.Reporting|5116|5117
gateway|gateway/Rehab.Gateway|Rehab.Gateway|5080|5081
"

push=""; archive=false; only=()
while [ $# -gt 0 ]; do
  case $1 in
    --push) push=$2; shift 2 ;;
    --archive) archive=true; shift ;;
    -h|--help) sed -n 2,18p "$0"; exit 0 ;;
    *) only+=("$1"); shift ;;
  esac
done

need=()
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v umoci >/dev/null || need+=(umoci)
command -v skopeo >/dev/null || need+=(skopeo)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} from Debian packages" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

out=.local/images; layout=$out/oci; mkdir -p "$out/publish" "$out/layers"
version=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}/\1/p' charts/rehab-platform/Chart.yaml)
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
created=$(git log -1 --format=%cI 2>/dev/null || date -u +%FT%TZ)

# ---- the shared root filesystem (built once; rebuilt when this recipe changes) ------------------------------------
ROOTFS_PACKAGES=ca-certificates,libicu72,libssl3,tzdata
recipe="bookworm minbase $ROOTFS_PACKAGES uid=10001 v1"
rootfs=$out/layers/rootfs.tar
if [ ! -f "$rootfs" ] || [ "$(cat "$rootfs.recipe" 2>/dev/null)" != "$recipe" ]; then
  echo "rootfs: mmdebstrap bookworm (minbase + $ROOTFS_PACKAGES)"
  # Docs, man pages, locales and apt's caches are left out; the non-root user owns nothing but may write /tmp.
  SOURCE_DATE_EPOCH=$(date -d "$created" +%s) mmdebstrap --quiet --variant=minbase --mode=root \
    --include="$ROOTFS_PACKAGES" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --customize-hook='echo "rehab:x:10001:10001:rehab platform:/tmp:/usr/sbin/nologin" >> "$1/etc/passwd"' \
    --customize-hook='echo "rehab:x:10001:" >> "$1/etc/group"' \
    --customize-hook='echo "rehab:!:19000::::::" >> "$1/etc/shadow"' \
    --customize-hook='ln -sf /usr/share/zoneinfo/Europe/Stockholm "$1/etc/localtime"; echo Europe/Stockholm > "$1/etc/timezone"' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*' \
    bookworm "$out/layers/rootfs-new.tar"
  mv "$out/layers/rootfs-new.tar" "$rootfs"; echo "$recipe" > "$rootfs.recipe"
  rm -rf "$layout"
fi
if [ ! -d "$layout" ]; then
  umoci init --layout "$layout"
  umoci new --image "$layout:base"
  umoci raw add-layer --image "$layout:base" --history.created_by "mmdebstrap bookworm minbase + $ROOTFS_PACKAGES; user rehab 10001" "$rootfs"
fi
echo "rootfs layer: $(du -h "$rootfs" | cut -f1) uncompressed, shared by every image"

# ---- the .NET runtime layer --------------------------------------------------------------------------------------
# The files of the runtime packs a self-contained publish copies into every app (the same bytes in each), once, as a
# layer of its own under /app. Its content and timestamps depend only on the runtime version, so its digest stays the
# same from build to build until the runtime changes. Each app layer then leaves out every file identical to it.
runtime_stage=""
runtime_layer() { # publish directory of any app: its deps.json names the runtime packs' version
  local publish=$1 packs version stage tar
  packs=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')
  version=$(grep -o 'runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/[^"]*' "$publish"/*.deps.json | head -1 | cut -d/ -f2)
  local aspnet; aspnet=$(grep -o 'runtimepack.Microsoft.AspNetCore.App.Runtime.linux-x64/[^"]*' "$publish"/*.deps.json | head -1 | cut -d/ -f2)
  [ -n "$version" ] && [ -n "$aspnet" ] || { echo "no runtime pack versions in $publish/*.deps.json" >&2; exit 1; }
  stage=$out/layers/runtime-$version-$aspnet; tar=$stage.tar
  if [ ! -f "$tar" ]; then
    rm -rf "$stage"; mkdir -p "$stage"
    for dir in "$packs/microsoft.netcore.app.runtime.linux-x64/$version/runtimes/linux-x64/lib/net10.0" \
               "$packs/microsoft.netcore.app.runtime.linux-x64/$version/runtimes/linux-x64/native" \
               "$packs/microsoft.aspnetcore.app.runtime.linux-x64/$aspnet/runtimes/linux-x64/lib/net10.0"; do
      [ -d "$dir" ] || { echo "runtime pack folder $dir is missing" >&2; exit 1; }
      find "$dir" -maxdepth 1 -type f ! -name '*.deps.json' ! -name '*.runtimeconfig.json' -exec cp -p {} "$stage/" \;
    done
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="2000-01-01 00:00:00Z" --mode='u+rwX,go+rX,go-w' \
      --transform 's,^\.,app,' -C "$stage" -cf "$tar.new" . && mv "$tar.new" "$tar"
  fi
  umoci rm --image "$layout:runtime" 2>/dev/null || true
  umoci raw add-layer --image "$layout:base" --tag runtime \
    --history.created_by "Microsoft.NETCore.App $version + Microsoft.AspNetCore.App $aspnet runtime packs (linux-x64)" "$tar"
  runtime_stage=$stage
  echo "runtime layer: .NET $version, ASP.NET Core $aspnet: $(find "$stage" -type f | wc -l) files, $(du -h "$tar" | cut -f1) uncompressed, shared by every image"
}

# ---- one image per service ---------------------------------------------------------------------------------------
built=()
while IFS='|' read -r name project assembly grpc http; do
  [ -z "$name" ] && continue
  if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then continue; fi
  image=rehab-$name
  echo "== $image: dotnet publish (self-contained, linux-x64)"
  rm -rf "$out/publish/$name"
  dotnet publish "$project" -c Release -r linux-x64 --self-contained -nologo -v quiet \
    -p:UseAppHost=true -o "$out/publish/$name" > "$out/publish/$name.log" 2>&1 \
    || { grep -E "error|warn" "$out/publish/$name.log" | sort -u | head -20; echo "publish of $name failed"; exit 1; }
  if grep -qiE "warning [A-Z]+[0-9]+" "$out/publish/$name.log"; then
    grep -iE "warning [A-Z]+[0-9]+" "$out/publish/$name.log" | sort -u | head; echo "publish of $name has warnings"; exit 1
  fi
  [ -n "$runtime_stage" ] || runtime_layer "$out/publish/$name"
  # The app layer: what the runtime layer does not already hold byte for byte; /app owned by root, read-only for the
  # user (reproducible tar: sorted, fixed owner and mtime).
  (cd "$out/publish/$name" && find . -mindepth 1 | sort | while read -r f; do
     { [ -f "$f" ] && cmp -s "$f" "$root/$runtime_stage/${f#./}"; } || echo "$f"; done) > "$out/layers/$name.files"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$created" --mode='u+rwX,go+rX,go-w' --no-recursion \
    --transform 's,^\.,app,' -C "$out/publish/$name" -cf "$out/layers/$name.tar" -T "$out/layers/$name.files"
  umoci rm --image "$layout:$image" 2>/dev/null || true
  # The gateway reads its ports from Gateway:*; the services from Ports:*.
  if [ "$name" = gateway ]; then portvars=(Gateway__GrpcPort Gateway__HttpPort); else portvars=(Ports__Grpc Ports__Http); fi
  umoci raw add-layer --image "$layout:runtime" --tag "$image" --history.created_by "dotnet publish $project -r linux-x64 --self-contained (without the runtime layer's files)" "$out/layers/$name.tar"
  umoci config --image "$layout:$image" --no-history \
    --config.user 10001:10001 --config.workingdir /app \
    --config.entrypoint "/app/$assembly" \
    --config.exposedports "$grpc/tcp" --config.exposedports "$http/tcp" \
    --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --config.env "HOME=/tmp" --config.env "DOTNET_RUNNING_IN_CONTAINER=true" --config.env "DOTNET_NOLOGO=1" \
    --config.env "TZ=Europe/Stockholm" --config.env "Ports__LoopbackOnly=false" \
    --config.env "${portvars[0]}=$grpc" --config.env "${portvars[1]}=$http" \
    --config.label "org.opencontainers.image.title=$image" --config.label "org.opencontainers.image.version=$version" \
    --config.label "org.opencontainers.image.revision=$revision" --config.label "org.opencontainers.image.created=$created" \
    --config.label "rehab.ports.grpc=$grpc" --config.label "rehab.ports.http=$http" \
    --created "$created" --author "rehab-platform"
  built+=("$image")
done <<< "$IMAGES"
umoci gc --layout "$layout"

# ---- metadata, optional registry push / archive ------------------------------------------------------------------
echo
echo "OCI layout: $layout   (tags: $(umoci ls --layout "$layout" | tr '\n' ' '))"
for image in "${built[@]}"; do
  skopeo inspect --config "oci:$layout:$image" | node -e '
    const c = JSON.parse(require("fs").readFileSync(0, "utf8")).config;
    const env = (c.Env || []).filter(e => !e.startsWith("PATH="));
    console.log(`${process.argv[1]}: user=${c.User} entrypoint=${JSON.stringify(c.Entrypoint)} workdir=${c.WorkingDir} ports=${Object.keys(c.ExposedPorts || {}).join(",")}`);
    console.log(`  env: ${env.join(" ")}`);
    console.log(`  labels: version=${c.Labels["org.opencontainers.image.version"]} revision=${c.Labels["org.opencontainers.image.revision"]}`);' "$image"
  layers=$(skopeo inspect "oci:$layout:$image" | node -e '
    const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(m.Layers.map((l, i) => `${l.slice(7, 19)} (${["rootfs", "runtime", "app"][i] ?? "?"})`).join(" + "))')
  size=$(skopeo inspect --raw "oci:$layout:$image" | node -e '
    const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const mib = n => (n / 1048576).toFixed(1);
    console.log(`${mib(m.layers.reduce((s, l) => s + l.size, 0))} MiB, of which its own app layer ${mib(m.layers.at(-1).size)} MiB`)')
  echo "  layers: $layers; compressed size ${size}"
  if [ -n "$push" ]; then
    skopeo copy --quiet --dest-tls-verify=false "oci:$layout:$image" "docker://$push/$image:$version" && echo "  pushed $push/$image:$version"
  fi
  if $archive; then
    rm -f "$out/$image.tar"; skopeo copy --quiet "oci:$layout:$image" "oci-archive:$out/$image.tar:$image:$version" && echo "  archive $out/$image.tar"
  fi
done
