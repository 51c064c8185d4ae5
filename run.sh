#!/usr/bin/env bash
# Starts the whole Agora suite locally: embedded PostgreSQL, a Kafka broker and the five services.
#   ./run.sh          build what is missing or stale, start, stay in the foreground (Ctrl-C stops everything)
#   ./run.sh --demo   the same, and load a few demo users and agents, with the echo agent (examples/echo-agent, a
#                     reference A2A agent) on 127.0.0.1:AGORA_ECHO_AGENT_PORT (8090) registered as a published external
#                     agent; --demo lets outbound calls reach loopback (as AGORA_OUTBOUND_ALLOW_LOOPBACK=true does)
#   ./run.sh stop     stop a suite started from another shell
# Ports and folders: AGORA_GATEWAY_PORT (8080), AGORA_AGENT_SERVICE_PORT (8081), AGORA_DEPLOYMENT_SERVICE_PORT (8082),
# AGORA_MARKETPLACE_SERVICE_PORT (8083), AGORA_TRIGGER_SERVICE_PORT (8084), each service's management port
# (health, metrics, OpenAPI) 1000 above it (AGORA_GATEWAY_MANAGEMENT_PORT, ...), AGORA_PG_PORT (15432),
# AGORA_KAFKA_PORT (9092), AGORA_KAFKA_CONTROLLER_PORT (9093), AGORA_HOME (./.agora: data, keys, logs, pid).
# Everything listens on 127.0.0.1; AGORA_BIND_ADDRESS=0.0.0.0 opens the five services to the network.
# AGORA_OUTBOUND_ALLOW_LOOPBACK=true lets outbound calls (trigger actions, agents) reach this machine's loopback.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
AGORA_HOME=${AGORA_HOME:-$ROOT/.agora}
PID_FILE=$AGORA_HOME/run.pid
MODULES=(gateway agent-service deployment-service marketplace-service trigger-service)

stop() {
  if [[ ! -f $PID_FILE ]]; then echo "Agora is not running (no $PID_FILE)."; return 0; fi
  local pid; pid=$(cat "$PID_FILE")
  if ! kill -0 "$pid" 2>/dev/null; then echo "Agora is not running (stale pid $pid)."; rm -f "$PID_FILE"; return 0; fi
  echo "Stopping Agora (pid $pid) ..."
  kill -TERM "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || { echo "Stopped."; return 0; }; sleep 0.5; done
  echo "Agora did not stop within 60 s; killing pid $pid" >&2; kill -KILL "$pid" 2>/dev/null || true
}

stale() {
  for m in "${MODULES[@]}"; do
    [[ -f $m/target/quarkus-app/quarkus-run.jar ]] || return 0
  done
  [[ -f deploy/local/target/local-stack.classpath && -d deploy/local/target/classes ]] || return 0
  # every jar the launcher needs (the echo agent's, say) still there?
  local jar; for jar in $(tr ':' ' ' < deploy/local/target/local-stack.classpath); do [[ -e $jar ]] || return 0; done
  # any source or pom newer than the oldest built jar?
  local oldest; oldest=$(ls -tr "${MODULES[@]/%//target/quarkus-app/quarkus-run.jar}" | head -n 1)
  [[ -n $(find pom.xml common local-infra examples/echo-agent deploy/local "${MODULES[@]}" -path '*/target' -prune -o -type f -newer "$oldest" -print -quit) ]]
}

case "${1:-}" in
  stop) stop; exit 0 ;;
  ""|--demo) ;;
  *) echo "usage: ./run.sh [--demo] | ./run.sh stop" >&2; exit 2 ;;
esac

if stale; then
  echo "Building Agora (./mvnw -B -q package -DskipTests) ..."
  ./mvnw -B -q package -DskipTests
fi

export AGORA_HOME
exec java -Xmx256m -Dagora.root="$ROOT" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "deploy/local/target/classes:$(cat deploy/local/target/local-stack.classpath)" dev.agora.local.LocalStack "$@"
