#!/usr/bin/env bash
# The benchmark command: builds the server, then runs bench/Bench.java, which starts the server jar against a fresh
# database on a real PostgreSQL (BENCH_PG, default the local one), runs the scenarios and pgbench's baseline in the
# same session, then the same publish and consume scenarios on a server with storage.kind: kafka (a local broker
# from bin/kafka), then the publish, batch and consume scenarios with wrk (bench/wrk/*.lua, when /usr/bin/wrk is
# installed) against a server started by bin/eventserver with its defaults, prints the table and rewrites the
# results section of docs/benchmarks.md.
#   bench/run.sh [seconds-per-scenario]      (default 10)
#   BENCH_ONLY=kafka bench/run.sh            the Kafka engine's scenarios alone, printed only (a quick loop)
#   BENCH_ONLY=wrk BENCH_KAFKA=off bench/run.sh   the wrk scenarios alone with their pgbench baselines, printed only
#   BENCH_ONLY=wake BENCH_KAFKA=off bench/run.sh  the wake-up scenario alone, with the server CPU per answer
#   BENCH_ONLY=lease bench/run.sh            issue 24: 3 leased replicas vs cumulative consumers, and publishing beside
#                                            them, on PostgreSQL and Kafka (BENCH_KAFKA=off: PostgreSQL only), printed only
#   BENCH_LEASE_QUICK=1 BENCH_ONLY=lease BENCH_KAFKA=off bench/run.sh  the 3 leased replicas against 1 cumulative
#                                            consumer only (~95 s), the ratio printed
#   BENCH_ONLY=retention BENCH_KAFKA=off bench/run.sh  issue 25: publish ~1M events, let retention remove them, 5 cycles
#                        (database size per cycle, publish rate while removal runs); BENCH_RETENTION_EVENTS=100000 for a quick loop
#   BENCH_ONLY=schema BENCH_KAFKA=off bench/run.sh  publish at 64 connections without and with a JSON Schema
#                                                 (issue 26): the server CPU per publish of both, printed only
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export JAVA_HOME
./mvnw -B -q package -DskipTests
# the Kafka engine's scenarios run on a broker of their own (bin/kafka, port 19092, fresh data), unless BENCH_KAFKA
# names one (or is "off")
kafka_started=""
if [ -z "${BENCH_KAFKA:-}" ]; then
    export LOCAL_KAFKA_PORT=19092 LOCAL_KAFKA_DATA="$PWD/target/bench-kafka-data"
    rm -rf "$LOCAL_KAFKA_DATA"
    bin/kafka start
    kafka_started=yes
    export BENCH_KAFKA=127.0.0.1:19092
fi
[ "$BENCH_KAFKA" = "off" ] && export BENCH_KAFKA=""
cleanup() {
    if [ -n "$kafka_started" ]; then
        bin/kafka stop || true
    fi
}
trap cleanup EXIT
driver=$(ls bootstrap/target/libs/postgresql-*.jar | head -1)
"$JAVA_HOME/bin/java" -cp "$driver" bench/Bench.java "${1:-10}"
