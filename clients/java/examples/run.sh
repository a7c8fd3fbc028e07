#!/usr/bin/env bash
# Runs the example processor (a single-file Java program) on the processor client's classpath.
#   ./rebound up --no-simulator; set -a; source .rebound/env; set +a; clients/java/examples/run.sh --first-run fail
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
classpath=clients/java/target/example.classpath
if [[ ! -f "$classpath" ]]; then
  ./mvnw -q -pl clients/java -am compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/example.classpath -DincludeScope=runtime >&2
fi
export NO_GCE_CHECK=true
exec java -cp "clients/java/target/classes:$(cat "$classpath")" clients/java/examples/PlayerGameSummaryExample.java "$@"
