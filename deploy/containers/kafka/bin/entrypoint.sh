#!/bin/sh
# Writes server.properties from the environment the way the apache/kafka image does
# (KAFKA_FOO_BAR=x -> foo.bar=x; "__" stands for "_" and "___" for "-"), formats the log
# directory once, then runs the broker as PID 1.
set -eu
config=/opt/kafka/config/server.properties
jvm_only='^KAFKA_(HEAP_OPTS|OPTS|JVM_PERFORMANCE_OPTS|LOG4J_OPTS|JMX_OPTS|GC_LOG_OPTS|DEBUG|VERSION)='
if env | grep -q '^KAFKA_' && env | grep '^KAFKA_' | grep -Evq "$jvm_only"; then
  env | grep '^KAFKA_' | grep -Ev "$jvm_only" | while IFS= read -r line; do
    name="${line%%=*}"
    value="${line#*=}"
    key="$(printf '%s' "${name#KAFKA_}" | tr 'A-Z' 'a-z' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')"
    printf '%s=%s\n' "$key" "$value"
  done >"$config"
else
  # No settings given: one node on localhost, as the apache/kafka image starts by default.
  cat >"$config" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:9093
listeners=PLAINTEXT://:9092,CONTROLLER://:9093
advertised.listeners=PLAINTEXT://localhost:9092
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=/var/lib/kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
fi
grep -q '^log.dirs=' "$config" || echo 'log.dirs=/var/lib/kafka/data' >>"$config"
logdir="$(sed -n 's/^log\.dirs=//p' "$config" | cut -d, -f1)"
cp="/opt/kafka/libs/*"
log4j="-Dlog4j.configuration=file:/opt/kafka/log4j.properties -Dkafka.logs.dir=/tmp"
# shellcheck disable=SC2086 # KAFKA_HEAP_OPTS / KAFKA_OPTS are option lists
if [ ! -f "$logdir/meta.properties" ]; then
  java $KAFKA_HEAP_OPTS $log4j -cp "$cp" kafka.tools.StorageTool format -t "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" -c "$config" --ignore-formatted
fi
# shellcheck disable=SC2086
exec java $KAFKA_HEAP_OPTS -XX:+UseSerialGC -Djava.awt.headless=true ${KAFKA_OPTS:-} $log4j -cp "$cp" kafka.Kafka "$config"
