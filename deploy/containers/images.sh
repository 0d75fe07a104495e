#!/usr/bin/env bash
# Builds the production images from deploy/Dockerfile.api and deploy/Dockerfile.worker, unchanged,
# with rootful podman and no registry, plus the local images the container suites run them with:
#
#   localhost/survivor-fund-debian:bookworm   debootstrap --variant=minbase, the machine's apt sources
#   docker.io/library/node:20-slim            that + the machine's Node 20, npm and CA certificates
#   localhost/survivor-fund-api:local         deploy/Dockerfile.api
#   localhost/survivor-fund-worker:local      deploy/Dockerfile.worker
#   localhost/survivor-fund-postgres:15       Debian's postgresql-15 (also tagged postgres:15)
#   localhost/survivor-fund-kafka:3.9.1       the broker's jars + Debian's Java 17 (also apache/kafka:3.9.1)
#
#   bash deploy/containers/images.sh            (as root; CI runs it from .ci/run)
#
# Whatever this machine lacks (no podman and no apt to install it, no debootstrap mirror, podman
# unable to run a container) is not a failure: the verdict "skip" and the reason go to
# run/images.env and the container suites report themselves SKIPPED with it. A failing build of
# the api or worker image on a machine where everything else works IS a failure (exit 1, "failed").
# Between runs on one machine podman's store keeps the base images (rebuilt only when their
# recipe or the machine's Node changes) and the Dockerfiles' layers (npm ci is redone only when
# package-lock.json changes).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
run="$here/run"
status="$run/images.env"
cache="${SF_CONTAINERS_CACHE:-/var/cache/survivor-fund/containers}"
export CONTAINERS_CONF="$here/containers.conf"

DEBIAN_IMAGE=localhost/survivor-fund-debian:bookworm
NODE_IMAGE=docker.io/library/node:20-slim
API_IMAGE=localhost/survivor-fund-api:local
WORKER_IMAGE=localhost/survivor-fund-worker:local
POSTGRES_IMAGE=localhost/survivor-fund-postgres:15
KAFKA_VERSION_IMAGE="${KAFKA_IMAGE_VERSION:-3.9.1}"
KAFKA_IMAGE="localhost/survivor-fund-kafka:$KAFKA_VERSION_IMAGE"

mkdir -p "$run"
started=$SECONDS
notes=()

say() { echo "== images: $*" >&2; }

write_status() { # verdict reason
  {
    echo "SF_IMAGES=$1"
    echo "SF_IMAGES_REASON=${2//$'\n'/ }"
    echo "SF_CONTAINERS_CONF=$CONTAINERS_CONF"
    echo "SF_IMAGE_API=$API_IMAGE"
    echo "SF_IMAGE_WORKER=$WORKER_IMAGE"
    echo "SF_IMAGE_NODE=$NODE_IMAGE"
    if [[ "$1" != skip ]]; then
      podman image exists "$POSTGRES_IMAGE" && echo "SF_IMAGE_POSTGRES=$POSTGRES_IMAGE"
      podman image exists "$KAFKA_IMAGE" && echo "SF_IMAGE_KAFKA=$KAFKA_IMAGE"
      if [[ -n "${KURRENTDB_IMAGE:-}" ]] && podman image exists "$KURRENTDB_IMAGE"; then echo "SF_IMAGE_KURRENTDB=$KURRENTDB_IMAGE"; fi
    fi
    echo "SF_IMAGES_NOTES=${notes[*]:-}"
    echo "SF_IMAGES_SECONDS=$((SECONDS - started))"
  } >"$status"
}

skip() {
  write_status skip "$1"
  echo >&2
  echo "*** container images NOT built: $1" >&2
  echo "*** the container suites will report themselves SKIPPED" >&2
  echo >&2
  exit 0
}

fail() {
  write_status failed "$1"
  echo "*** container images: FAILED: $1" >&2
  exit 1
}

# Content hash of files: an image built from them is rebuilt when they change.
recipe_hash() { cat "$@" | sha256sum | cut -c1-16; }
label_of() { podman image inspect --format "{{index .Labels \"$2\"}}" "$1" 2>/dev/null; }

# ---------------------------------------------------------------- podman itself
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v debootstrap >/dev/null; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    say "installing podman, runc, debootstrap (Debian packages)"
    # Wait for another apt-get (a developer's, or CI's own install of Chromium) rather than skip.
    { apt-get -o DPkg::Lock::Timeout=600 update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq podman runc debootstrap; } >"$run/apt.log" 2>&1 \
      || skip "apt-get could not install podman runc debootstrap (see $run/apt.log)"
  else
    skip "podman, runc or debootstrap is missing and cannot be installed here (needs root and apt-get)"
  fi
fi
[[ "$(id -u)" == 0 ]] || skip "the recipe is for rootful podman (run as root)"
podman info >"$run/podman-info.log" 2>&1 || skip "podman info fails here (see $run/podman-info.log)"

# ---------------------------------------------------------------- Debian base (debootstrap)
# The machine's own Debian mirror: the first URIs of its deb822 sources, else of sources.list.
debian_mirror() {
  local uri
  uri="$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | awk '{print $2}' | head -n 1)"
  [[ -n "$uri" ]] || uri="$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | grep -v security | awk '{print $2}' | head -n 1)"
  echo "$uri"
}

base_started=$SECONDS
if ! podman image exists "$DEBIAN_IMAGE"; then
  mirror="$(debian_mirror)"
  [[ -n "$mirror" ]] || skip "no Debian mirror in this machine's apt sources for debootstrap"
  rootfs="$cache/bookworm-minbase"
  rm -rf "$rootfs" && mkdir -p "$cache"
  say "debootstrap --variant=minbase bookworm (the machine's mirror)"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$run/debootstrap.log" 2>&1 \
    || skip "debootstrap failed (see $run/debootstrap.log)"
  # The machine's apt sources and keys, so apt-get inside builds reaches what the machine reaches.
  rm -f "$rootfs/etc/apt/sources.list"
  cp /etc/apt/sources.list.d/debian.sources "$rootfs/etc/apt/sources.list.d/" 2>/dev/null \
    || echo "deb $mirror bookworm main" >"$rootfs/etc/apt/sources.list"
  # Smaller images: no caches, docs or man pages.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  tar -C "$rootfs" --numeric-owner -c . | podman import --change 'CMD ["/bin/bash"]' - "$DEBIAN_IMAGE" >"$run/import.log" 2>&1 \
    || skip "podman import of the Debian root filesystem failed (see $run/import.log)"
  rm -rf "$rootfs"
fi

# ---------------------------------------------------------------- node:20-slim stand-in
node_version="$(node --version 2>/dev/null || true)"
[[ "$node_version" == v20.* ]] || skip "the node:20-slim stand-in copies the machine's Node 20, found '${node_version:-none}'"
npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
[[ -f "$npm_dir/package.json" ]] || skip "npm's folder not found next to $(command -v npm)"
node_recipe="$node_version $(npm --version) $(recipe_hash "$here/node/Containerfile" /etc/ssl/certs/ca-certificates.crt)"
if [[ "$(label_of "$NODE_IMAGE" sf.recipe)" != "$node_recipe" ]]; then
  say "building the node:20-slim stand-in ($node_version)"
  ctx="$run/node-context"
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp "$here/node/Containerfile" "$ctx/"
  cp "$(readlink -f "$(command -v node)")" "$ctx/node"
  cp -r "$npm_dir" "$ctx/npm"
  cp /etc/ssl/certs/ca-certificates.crt "$ctx/"
  echo "cafile=/etc/ssl/certs/ca-certificates.crt" >"$ctx/npmrc"
  podman build --pull=never --format docker --label "sf.recipe=$node_recipe" -t "$NODE_IMAGE" "$ctx" >"$run/node-build.log" 2>&1 \
    || skip "the node:20-slim stand-in did not build (see $run/node-build.log)"
  rm -rf "$ctx"
fi
notes+=("base images ready in $((SECONDS - base_started)) s.")

# Can podman run a container at all here, with a network?
podman run --rm "$NODE_IMAGE" node -e 'process.exit(0)' >"$run/run-check.log" 2>&1 \
  || skip "podman cannot run a container on this machine (see $run/run-check.log)"
# npm ci inside the builds needs the registry: without it a failed build says nothing about us.
podman run --rm "$NODE_IMAGE" npm ping >"$run/npm-check.log" 2>&1 \
  || skip "npm inside a container cannot reach the registry (see $run/npm-check.log)"

# ---------------------------------------------------------------- PostgreSQL and Kafka (for the suites)
build_service_image() { # image recipe-hash context log extra-tags...
  local image="$1" recipe="$2" ctx="$3" log="$4"
  shift 4
  if [[ "$(label_of "$image" sf.recipe)" == "$recipe" ]]; then return 0; fi
  say "building $image"
  podman build --pull=never --format docker --label "sf.recipe=$recipe" -t "$image" "$ctx" >"$log" 2>&1 || return 1
  local tag
  for tag in "$@"; do podman tag "$image" "$tag"; done
}

pg_started=$SECONDS
build_service_image "$POSTGRES_IMAGE" "$(recipe_hash "$here"/postgres/*)" "$here/postgres" "$run/postgres-build.log" docker.io/library/postgres:15 \
  || notes+=("PostgreSQL image did not build (see $run/postgres-build.log): suites that need it skip.")
pg_seconds=$((SECONDS - pg_started))

kafka_started=$SECONDS
kafka_lib="$repo/deploy/kafka/lib/$KAFKA_VERSION_IMAGE"
if [[ ! -f "$kafka_lib/.fetched" ]] && command -v mvn >/dev/null; then
  say "fetching the Kafka $KAFKA_VERSION_IMAGE jars (deploy/kafka/pom.xml)"
  mvn -B -q -f "$repo/deploy/kafka/pom.xml" -Pkafka3 dependency:copy-dependencies -Dkafka.version="$KAFKA_VERSION_IMAGE" -DoutputDirectory="$kafka_lib" >"$run/kafka-jars.log" 2>&1 \
    && touch "$kafka_lib/.fetched"
fi
if [[ -f "$kafka_lib/.fetched" ]]; then
  ctx="$run/kafka-context"
  rm -rf "$ctx" && mkdir -p "$ctx/libs"
  cp -r "$here/kafka/Containerfile" "$here/kafka/bin" "$here/kafka/log4j.properties" "$ctx/"
  cp "$kafka_lib"/*.jar "$ctx/libs/"
  build_service_image "$KAFKA_IMAGE" "$KAFKA_VERSION_IMAGE $(recipe_hash "$here"/kafka/Containerfile "$here"/kafka/bin/* "$here"/kafka/log4j.properties)" "$ctx" "$run/kafka-build.log" "docker.io/apache/kafka:$KAFKA_VERSION_IMAGE" \
    || notes+=("Kafka image did not build (see $run/kafka-build.log): suites that need it skip.")
  rm -rf "$ctx"
else
  notes+=("no Kafka $KAFKA_VERSION_IMAGE jars (mvn missing or the fetch failed): suites that need the Kafka image skip.")
fi
kafka_seconds=$((SECONDS - kafka_started))

# ---------------------------------------------------------------- the production images, unchanged
# --format docker keeps HEALTHCHECK (OCI images have no such field); --pull=never: no registry.
# podman 4.3 does not pick up <Dockerfile>.dockerignore by itself, so it is named explicitly.
build_app_image() { # name dockerfile image
  local t0=$SECONDS
  say "building $3 from deploy/$2"
  if ! podman build --pull=never --format docker -f "$repo/deploy/$2" --ignorefile "$repo/deploy/$2.dockerignore" -t "$3" "$repo" >"$run/$1-build.log" 2>&1; then
    tail -n 30 "$run/$1-build.log" >&2
    fail "podman build of deploy/$2 failed (see $run/$1-build.log)"
  fi
  notes+=("$1 image built in $((SECONDS - t0)) s.")
}
build_app_image api Dockerfile.api "$API_IMAGE"
build_app_image worker Dockerfile.worker "$WORKER_IMAGE"

# A KurrentDB image can only be used where one exists locally (none can be fetched here).
if [[ -n "${KURRENTDB_IMAGE:-}" ]] && ! podman image exists "$KURRENTDB_IMAGE"; then
  notes+=("KURRENTDB_IMAGE=$KURRENTDB_IMAGE is not in podman's store: the KurrentDB contract suite skips.")
fi

# Old layers of earlier builds of the same tags.
podman image prune -f >/dev/null 2>&1 || true

notes+=("PostgreSQL image step ${pg_seconds} s, Kafka image step ${kafka_seconds} s.")
for image in "$API_IMAGE" "$WORKER_IMAGE" "$NODE_IMAGE" "$POSTGRES_IMAGE" "$KAFKA_IMAGE"; do
  podman image exists "$image" && notes+=("$image $(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}').")
done
write_status ready "images built"
say "ready in $((SECONDS - started)) s"
printf '%s\n' "${notes[@]}" | sed 's/^/== images: /' >&2
