#!/usr/bin/env bash
# The deadline forecast's backtest (docs/benchmarks.md): compiles coverage-monitor and what it depends on, then runs
# ForecastBacktest on the test classpath. Plain JVM, no emulator or database; about a minute for the default 10 seeds
# × 300 days. Options as -D system properties, e.g.
#   services/coverage-monitor/bench/forecast-backtest.sh -Dseeds=1,2,3 -Dheldout=101,102 -Ddays=300 -Dlist=misses
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
CP_FILE=services/coverage-monitor/target/backtest.classpath
./mvnw -q -pl services/coverage-monitor -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/backtest.classpath -Dmdep.includeScope=test
java -cp "services/coverage-monitor/target/test-classes:services/coverage-monitor/target/classes:$(cat "$CP_FILE")" \
  "$@" dev.rebound.coveragemonitor.forecast.backtest.ForecastBacktest
