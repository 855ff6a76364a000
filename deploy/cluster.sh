#!/usr/bin/env bash
# A local cluster: N eventserver nodes (bin/eventserver) on one PostgreSQL, HAProxy in front when installed.
#   deploy/cluster.sh start [N]     N nodes (default 3) on ports 18081.. , HAProxy on 18080
#   deploy/cluster.sh stop          stops exactly the processes this script started (by their pids)
#   deploy/cluster.sh status
# Ports: CLUSTER_BASE_PORT=28080 puts HAProxy on 28080 and the nodes on 28081.. .
# The database: by default one of this run's own on the local PostgreSQL at 127.0.0.1:5432 (user postgres),
# "eventserver_cluster_<date>_<time>", created by start and dropped by stop; CLUSTER_DATABASE=<name> uses that one
# instead (created when missing, kept by stop); DB_URL (and DB_USER / DB_PASSWORD) any other (neither created nor
# dropped). Logs, pids and the database's name in deploy/run/.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="$home/deploy/run"
nodes="${2:-3}"
base_port="${CLUSTER_BASE_PORT:-18080}"

start() {
    mkdir -p "$run"
    if [ -s "$run/pids" ]; then
        echo "cluster.sh: a cluster is running (deploy/run/pids); stop it first" >&2
        exit 1
    fi
    rm -f "$run/database"
    if [ -z "${DB_URL:-}" ]; then
        if ! command -v psql > /dev/null; then
            echo "cluster.sh: psql is needed to create the cluster's database (or set DB_URL)" >&2
            exit 1
        fi
        database="${CLUSTER_DATABASE:-eventserver_cluster_$(date +%Y%m%d_%H%M%S)}"
        if ! [[ "$database" =~ ^[a-z_][a-z0-9_]*$ ]]; then
            echo "cluster.sh: CLUSTER_DATABASE must be a lower-case SQL name ([a-z_][a-z0-9_]*)" >&2
            exit 1
        fi
        psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = '$database'" | grep -q 1 \
            || psql -h 127.0.0.1 -U postgres -c "create database $database" > /dev/null
        if [ -z "${CLUSTER_DATABASE:-}" ]; then
            echo "$database" > "$run/database"   # this run's own: stop drops it
        fi
        echo "database: $database on 127.0.0.1:5432"
        export DB_URL="jdbc:postgresql://127.0.0.1:5432/$database?user=postgres"
    fi
    servers=""
    for i in $(seq 1 "$nodes"); do
        port=$((base_port + i))
        SERVER_PORT="$port" SERVER_HOST=127.0.0.1 "$home/bin/eventserver" > "$run/node$i.log" 2>&1 &
        echo $! >> "$run/pids"
        servers="$servers    server node$i 127.0.0.1:$port check\n"
    done
    i=0
    while read -r pid; do
        i=$((i + 1))
        port=$((base_port + i))
        for _ in $(seq 1 120); do
            if curl -sf "http://127.0.0.1:$port/observe/health/ready" > /dev/null; then
                break
            fi
            if ! kill -0 "$pid" 2> /dev/null; then
                echo "node$i did not start:" >&2
                tail -5 "$run/node$i.log" >&2
                stop
                exit 1
            fi
            sleep 0.5
        done
        echo "node$i: http://127.0.0.1:$port ($(curl -s -o /dev/null -w '%{http_code}' \
            "http://127.0.0.1:$port/observe/health/ready"))"
    done < "$run/pids"
    if command -v haproxy > /dev/null; then
        sed -e "s/@PORT@/$base_port/" -e "s|@SERVERS@|$servers|" "$home/deploy/haproxy.cfg.template" \
            > "$run/haproxy.cfg"
        haproxy -f "$run/haproxy.cfg" -D -p "$run/haproxy.pid"
        cat "$run/haproxy.pid" >> "$run/pids"
        echo "haproxy: http://127.0.0.1:$base_port"
    else
        echo "haproxy is not installed (apt-get install haproxy); talk to the nodes directly"
    fi
}

stop() {
    if [ ! -s "$run/pids" ]; then
        echo "cluster.sh: no cluster is running"
        return
    fi
    while read -r pid; do
        kill "$pid" 2> /dev/null || true
    done < "$run/pids"
    while read -r pid; do
        for _ in $(seq 1 60); do
            kill -0 "$pid" 2> /dev/null || break
            sleep 0.5
        done
    done < "$run/pids"
    rm -f "$run/pids" "$run/haproxy.pid"
    if [ -s "$run/database" ]; then
        database="$(cat "$run/database")"
        psql -h 127.0.0.1 -U postgres -c "drop database if exists $database with (force)" > /dev/null \
            && echo "database $database dropped"
        rm -f "$run/database"
    fi
    echo "cluster stopped"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) [ -s "$run/pids" ] && ps -o pid,args -p "$(paste -sd, "$run/pids")" || echo "not running" ;;
    *) echo "usage: deploy/cluster.sh start [N] | stop | status" >&2; exit 2 ;;
esac
