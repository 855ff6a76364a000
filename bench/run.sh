#!/usr/bin/env bash
# The benchmark command: builds the server, then runs bench/Bench.java, which starts the server jar against a fresh
# database on a real PostgreSQL (BENCH_PG, default the local one), runs the scenarios and pgbench's baseline in the
# same session, prints the table and rewrites the results section of docs/benchmarks.md.
#   bench/run.sh [seconds-per-scenario]      (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export JAVA_HOME
./mvnw -B -q package -DskipTests
driver=$(ls bootstrap/target/libs/postgresql-*.jar | head -1)
"$JAVA_HOME/bin/java" -cp "$driver" bench/Bench.java "${1:-10}"
