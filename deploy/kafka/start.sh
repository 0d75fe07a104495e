#!/usr/bin/env bash
# Starts a real single-node Kafka broker (KRaft, no ZooKeeper) on 127.0.0.1 for tests and local
# runs. Idempotent: a broker this script already started is left running. Needs java (17+) and,
# the first time, mvn to fetch the jars (pom.xml).
#   KAFKA_VERSION   broker version (default below; see docs/kafka.md for what kafkajs supports)
#   KAFKA_PORT      client port (9092); the controller listens on KAFKA_CONTROLLER_PORT (9093)
#   KAFKA_RUN_DIR   config, data, logs and pid file (deploy/kafka/run); a second broker needs its own
# Prints KAFKA_BROKERS=127.0.0.1:<port> on success.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="${KAFKA_VERSION:-3.9.2}"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
lib="$here/lib/$version"
run="${KAFKA_RUN_DIR:-$here/run}"
data="$run/data-$version"
pid_file="$run/kafka.pid"
log="$run/kafka.log"
wait_seconds="${KAFKA_START_TIMEOUT:-90}"

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# The pid file's process, if it is still a Kafka broker (a stale pid may belong to anything now).
ours_running() { [[ -f "$pid_file" ]] && tr '\0' ' ' <"/proc/$(cat "$pid_file")/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'; }

mkdir -p "$run" "$here/lib"
# Parallel test files may all ask for a broker at once: one start (and one jar fetch) at a time.
exec 8>"$here/lib/.start.lock"
flock 8

if ours_running && answers "$port"; then
  echo "Kafka already running (pid $(cat "$pid_file"))" >&2
  echo "KAFKA_BROKERS=127.0.0.1:$port"
  exit 0
fi
if ours_running; then
  echo "Kafka (pid $(cat "$pid_file")) runs but does not answer on $port; restarting it" >&2
  "$here/stop.sh"
fi
if answers "$port"; then
  echo "Port $port answers but not for a broker started here; set KAFKA_BROKERS=127.0.0.1:$port to use it, or KAFKA_PORT to start another." >&2
  exit 1
fi

command -v java >/dev/null || { echo "java not found: install a JDK 17+" >&2; exit 1; }

case "$version" in
  3.*) profile=kafka3; log_opt="-Dlog4j.configuration=file:$here/log4j.properties" ;;
  *) profile=kafka4; log_opt="-Dlog4j2.configurationFile=$here/log4j2.properties" ;;
esac

# The marker is written last, so an interrupted fetch is redone rather than half-used.
if [[ ! -f "$lib/.fetched" ]]; then
  command -v mvn >/dev/null || { echo "mvn not found: needed once to fetch the Kafka $version jars" >&2; exit 1; }
  echo "Fetching Kafka $version jars into $lib ..." >&2
  mvn -B -q -f "$here/pom.xml" -P"$profile" dependency:copy-dependencies -Dkafka.version="$version" -DoutputDirectory="$lib" >&2
  touch "$lib/.fetched"
fi

config="$run/server.properties"
cat >"$config" <<PROPS
# Written by deploy/kafka/start.sh for Kafka $version: one node is broker and controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data
# Topics are created on purpose, with explicit partitions and retention (libs/messaging).
auto.create.topics.enable=false
num.partitions=1
# One node: every internal topic has a single replica.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Tests join consumer groups often; waiting for more members would only slow them down.
group.initial.rebalance.delay.ms=0
PROPS

cp=("$lib/*")
jvm=(-Xms128m -Xmx512m -XX:+UseSerialGC -Djava.awt.headless=true "-Dkafka.logs.dir=$run" "$log_opt")

if [[ ! -f "$data/meta.properties" ]]; then
  cluster_id="$(java "${jvm[@]}" -cp "${cp[*]}" kafka.tools.StorageTool random-uuid | tail -n 1)"
  java "${jvm[@]}" -cp "${cp[*]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$config" >&2
fi

: >"$log"
# 8>&-: the broker must not inherit the start lock, or the next start.sh would wait forever.
nohup java "${jvm[@]}" -cp "${cp[*]}" kafka.Kafka "$config" >>"$run/kafka.out" 2>&1 8>&- &
echo $! >"$pid_file"

for _ in $(seq 1 "$wait_seconds"); do
  if ! ours_running; then
    echo "Kafka $version exited while starting; see $log and $run/kafka.out" >&2
    tail -n 20 "$log" "$run/kafka.out" >&2 || true
    rm -f "$pid_file"
    exit 1
  fi
  if answers "$port" && grep -q "Kafka Server started" "$log" 2>/dev/null; then
    echo "Kafka $version started (pid $(cat "$pid_file")), logs in $log" >&2
    echo "KAFKA_BROKERS=127.0.0.1:$port"
    exit 0
  fi
  sleep 1
done
echo "Kafka $version did not start within ${wait_seconds}s; see $log" >&2
exit 1
