#!/usr/bin/env bash
# Stops the broker deploy/kafka/start.sh started (by its pid file; nothing else). Its data stays
# under run/ so topics survive a restart; `rm -rf deploy/kafka/run` wipes them.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pid_file="${KAFKA_RUN_DIR:-$here/run}/kafka.pid"

if [[ ! -f "$pid_file" ]]; then
  echo "No broker started by start.sh is running" >&2
  exit 0
fi
pid="$(cat "$pid_file")"
# Only a Kafka broker: after a reboot the pid may belong to something else.
if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'; then
  kill -TERM "$pid"
  # A clean shutdown lets the next start skip log recovery; give it a while, then insist.
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "Kafka (pid $pid) did not stop in 30s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
fi
rm -f "$pid_file"
echo "Kafka stopped" >&2
