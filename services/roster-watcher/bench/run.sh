#!/usr/bin/env bash
# Notifications/s through roster-watcher's push endpoint vs a bare Quarkus endpoint, in one run.
# Usage: services/roster-watcher/bench/run.sh [rounds] [requests-per-round] [client-threads]   (from anywhere)
# Needs the Pub/Sub emulator (Google Cloud CLI or PUBSUB_EMULATOR_JAR / PUBSUB_EMULATOR_HOST).
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
./mvnw -q -ntp -pl services/roster-watcher -am install -DskipTests   # the exec below resolves the modules from the local repository
cd services/roster-watcher
# exec:java measures inside Maven's JVM: the server compiler, as deployed, not .mvn/jvm.config's build flags
MAVEN_OPTS="${MAVEN_OPTS:-} -XX:TieredStopAtLevel=4" ../../mvnw -q -ntp org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
  -Dexec.mainClass=dev.rebound.rosterwatcher.bench.PushThroughputBenchmark \
  -Dexec.classpathScope=test -Dexec.args="${1:-5} ${2:-6000} ${3:-8}"
