#!/usr/bin/env bash
# heartbeat-tracker benchmark: packages the service and a bare Quarkus baseline, starts both with the Pub/Sub
# emulator and a PostgreSQL server (Maven Central's binaries, or the one REBOUND_POSTGRES_URL names) on loopback,
# drives push load from a JDK-only load generator, prints a table (and writes it to target/bench-results.md).
# Bounded: about 2–3 minutes including the builds. Options as -D system properties, e.g.
#   services/heartbeat-tracker/bench/run.sh -Drounds=5 -Drequests=30000 -Dconcurrency=32 -Dspeed=20
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $(java -version 2>&1 | head -1)"

./mvnw -q -pl services/heartbeat-tracker,local-postgres -am install -DskipTests
./mvnw -q -pl local-postgres dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
./mvnw -q -f services/heartbeat-tracker/bench/baseline/pom.xml package -DskipTests

EMULATOR_JAR=${PUBSUB_EMULATOR_JAR:-}
if [[ -z "$EMULATOR_JAR" ]]; then
  for root in "$(gcloud info --format='value(installation.sdk_root)' 2>/dev/null || true)" /usr/lib/google-cloud-sdk \
      /usr/share/google-cloud-sdk /opt/google-cloud-sdk "$HOME/google-cloud-sdk"; do
    [[ -n "$root" ]] || continue
    found=$(ls "$root"/platform/pubsub-emulator/lib/cloud-pubsub-emulator-*.jar 2>/dev/null | sort | tail -1 || true)
    if [[ -n "$found" ]]; then EMULATOR_JAR=$found; break; fi
  done
fi
if [[ -z "$EMULATOR_JAR" ]]; then
  echo "no Pub/Sub emulator: install google-cloud-cli-pubsub-emulator or set PUBSUB_EMULATOR_JAR" >&2
  exit 2
fi

if [[ -n "${REBOUND_POSTGRES_URL:-}" ]]; then
  DATABASE=$REBOUND_POSTGRES_URL
else
  PG_DIR=$(mktemp -d /tmp/heartbeat-bench-pg.XXXXXX)
  read -r PG_PID DATABASE < <(java -cp "local-postgres/target/classes:$(cat local-postgres/target/classpath.txt)" \
      dev.rebound.localpostgres.LocalPostgresMain start "$PG_DIR" 0 "$PG_DIR.log" | tail -1)
  trap 'java -cp "local-postgres/target/classes:$(cat local-postgres/target/classpath.txt)" \
      dev.rebound.localpostgres.LocalPostgresMain stop "$PG_PID" >/dev/null; rm -rf "$PG_DIR" "$PG_DIR.log"' EXIT
fi

# local-jvm (built above, as local-postgres's dependency): the ports of the processes the benchmark starts
java -Xmx512m -cp local-jvm/target/classes -Dout=services/heartbeat-tracker/target/bench-results.md "$@" \
  services/heartbeat-tracker/bench/HeartbeatBenchmark.java \
  services/heartbeat-tracker/target/quarkus-app/quarkus-run.jar \
  services/heartbeat-tracker/bench/baseline/target/quarkus-app/quarkus-run.jar \
  "$EMULATOR_JAR" \
  shared-events/src/main/resources/rebound/topic-catalog.json \
  "$DATABASE"
