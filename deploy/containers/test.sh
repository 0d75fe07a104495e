#!/usr/bin/env bash
# Runs what needs the images deploy/containers/images.sh built (CI: .ci/run, after npm test):
#   1. the container suites (test/containers/*.container-spec.ts): smoke tests of the api and
#      worker images, the production shape, the manifests;
#   2. the PostgreSQL and Kafka integration suites once through testcontainers, on podman's
#      Docker-compatible socket with the local images, as a developer with Docker runs them;
#   3. the KurrentDB contract suite, where KURRENTDB_IMAGE names an image podman has.
# Where images.sh skipped, each part says SKIPPED and why, and the script exits 0; a failing
# suite makes it exit 1.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
run="$here/run"
status="$run/images.env"
export CONTAINERS_CONF="$here/containers.conf"
cd "$repo"

value() { sed -n "s/^$1=//p" "$status" 2>/dev/null | head -n 1; }
jest=(node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js)
failed=0
t0=$SECONDS

echo "== container suites (test/containers)"
"${jest[@]}" --config deploy/containers/jest.config.cjs --runInBand || failed=1
echo "== container suites took $((SECONDS - t0)) s"

verdict="$(value SF_IMAGES)"
postgres_image="$(value SF_IMAGE_POSTGRES)"
kafka_image="$(value SF_IMAGE_KAFKA)"
kurrentdb_image="$(value SF_IMAGE_KURRENTDB)"
if [[ "$verdict" != ready || -z "$postgres_image" ]]; then
  echo
  echo "*** testcontainers suites SKIPPED: $([[ "$verdict" == ready ]] && echo 'no local PostgreSQL image' || echo "no images: $(value SF_IMAGES_REASON)")"
  echo
  exit "$failed"
fi

# podman's Docker-compatible API for testcontainers. Ryuk (the reaper) is off: it needs a
# privileged container of its own image, which no registry can give here; global teardown stops
# what the run started.
sock="$run/podman.sock"
rm -f "$sock"
podman system service --time=0 "unix://$sock" >"$run/podman-service.log" 2>&1 &
service_pid=$!
trap 'kill "$service_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do [[ -S "$sock" ]] && break; sleep 0.2; done

t1=$SECONDS
echo "== PostgreSQL and Kafka integration suites through testcontainers (podman socket; $postgres_image, ${kafka_image:-no Kafka image})"
# The files by path: jest's --testRegex takes several values, so paths after it were read as
# patterns and every int-spec ran (KurrentDB's included, pulling an image that cannot come).
DOCKER_HOST="unix://$sock" TESTCONTAINERS_RYUK_DISABLED=true SF_TEST_SERVICES=testcontainers \
  TEST_POSTGRES_IMAGE="$postgres_image" TEST_KAFKA_IMAGE="$kafka_image" \
  "${jest[@]}" --runInBand --runTestsByPath \
  libs/event-sourcing/src/sql/sql-event-store.int-spec.ts \
  libs/fund-requests/src/fund-requests.concurrency.int-spec.ts \
  libs/messaging/src/kafka-publisher.int-spec.ts \
  libs/messaging/src/kafka-relay.int-spec.ts \
  || failed=1
echo "== testcontainers suites took $((SECONDS - t1)) s"

if [[ -n "$kurrentdb_image" ]]; then
  echo "== KurrentDB contract suite ($kurrentdb_image)"
  port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  name="sf-kurrentdb-$$"
  podman run -d --rm --name "$name" -p "127.0.0.1:$port:2113" -e KURRENTDB_CLUSTER_SIZE=1 -e KURRENTDB_RUN_PROJECTIONS=None \
    -e KURRENTDB_INSECURE=true -e KURRENTDB_ENABLE_ATOM_PUB_OVER_HTTP=false "$kurrentdb_image" >/dev/null || failed=1
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break; sleep 1; done
  KURRENTDB_URL="kurrentdb://127.0.0.1:$port?tls=false" "${jest[@]}" --runInBand --runTestsByPath \
    libs/event-sourcing/src/kurrentdb/kurrentdb-event-store.int-spec.ts || failed=1
  podman rm -f -t 0 "$name" >/dev/null 2>&1 || true
else
  echo "*** KurrentDB contract suite SKIPPED: no KurrentDB image (set KURRENTDB_IMAGE to one podman has, then rerun images.sh and this script)"
fi
exit "$failed"
