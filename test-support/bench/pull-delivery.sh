#!/usr/bin/env bash
# Pull delivery compared: the runtime's Google-client streaming pull against SmallRye Reactive Messaging's gcp-pubsub
# connector (issue 14), same InboundMessageProcessor, real emulator, real PostgreSQL. Packages the probe service
# three ways (bench/pull-probe/pom.xml), then runs PullDeliveryBenchmark (test-support's test classes), which prints
# the tables and writes them to test-support/bench/pull-probe/target/pull-delivery-bench.md.
# About 6 minutes of builds on a loaded 2-core machine, then about 8 minutes of measuring (the SmallRye redelivery
# rounds each wait the whole redeliveryWait). Settings as -D properties, e.g.
#   test-support/bench/pull-delivery.sh -Drounds=5 -Dmessages=4000 -DredeliveryWait=PT65M -Dphases=redelivery
# Set SKIP_PACKAGE=1 to reuse the probes already packaged.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

if [[ "${SKIP_PACKAGE:-0}" != 1 ]]; then
  ./mvnw -q -pl test-support -am install -DskipTests
  ./mvnw -q -f test-support/bench/pull-probe/pom.xml package -DskipTests
  ./mvnw -q -f test-support/bench/pull-probe/pom.xml package -DskipTests -Pquarkiverse
  ./mvnw -q -f test-support/bench/pull-probe/pom.xml package -DskipTests -Psmallrye
fi
# exec:java measures inside Maven's JVM: the server compiler, as deployed, not .mvn/jvm.config's build flags
NO_GCE_CHECK=true MAVEN_OPTS="${MAVEN_OPTS:-} -XX:TieredStopAtLevel=4" \
  ./mvnw -q -pl test-support test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
  -Dexec.mainClass=dev.rebound.testing.bench.PullDeliveryBenchmark -Dexec.classpathScope=test "$@"
