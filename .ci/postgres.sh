#!/usr/bin/env bash
# A throwaway local PostgreSQL server for the store tests.
#   .ci/postgres.sh start   installs postgresql (apt) if missing, initdb into a temp dir, starts the server
#                           on 127.0.0.1:$PGPORT (default 54329) and a unix socket in that dir, creates the
#                           database "rapport_test", and prints the URL for RAPPORT_TEST_POSTGRES_URL.
#   .ci/postgres.sh stop    stops it and removes the directory.
# Environment: PGPORT (port), RAPPORT_PG_DIR (state directory, default /tmp/rapport-pg-$PGPORT),
# RAPPORT_PG_NO_INSTALL=1 (fail instead of installing postgresql; the Swift tests set it).
# As root the server runs as the `postgres` user (PostgreSQL refuses to run as root).
# Usage in CI:  export RAPPORT_TEST_POSTGRES_URL=$(.ci/postgres.sh start); ...; .ci/postgres.sh stop
set -euo pipefail
PGPORT="${PGPORT:-54329}"
STATE="${RAPPORT_PG_DIR:-/tmp/rapport-pg-$PGPORT}"

find_bin() {
    local b
    b=$(command -v "$1" 2>/dev/null || true)
    if [ -z "$b" ]; then b=$(ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1 || true); fi
    echo "$b"
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
    else
        "$@"
    fi
}

case "${1:-}" in
start)
    if [ -z "$(find_bin initdb)" ]; then
        if [ "${RAPPORT_PG_NO_INSTALL:-}" = 1 ]; then
            echo "postgres.sh: PostgreSQL is not installed (initdb not found)" >&2
            exit 1
        fi
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        echo "postgres.sh: installing postgresql" >&2
        $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq postgresql >&2
    fi
    INITDB=$(find_bin initdb)
    PG_CTL=$(find_bin pg_ctl)
    BINDIR=$(dirname "$INITDB")
    if [ -f "$STATE/data/postmaster.pid" ]; then
        as_owner "$PG_CTL" -D "$STATE/data" stop -m fast >&2 || true
    fi
    rm -rf "$STATE"
    mkdir -p "$STATE"
    USER_NAME=$(id -un)
    if [ "$(id -u)" -eq 0 ]; then
        USER_NAME=postgres
        chown postgres "$STATE"
    fi
    as_owner "$INITDB" -D "$STATE/data" -U "$USER_NAME" -A trust --no-sync >"$STATE/initdb.log" 2>&1 || {
        cat "$STATE/initdb.log" >&2
        exit 1
    }
    as_owner "$PG_CTL" -D "$STATE/data" -l "$STATE/server.log" -w \
        -o "-p $PGPORT -k $STATE -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50" start >&2 || {
        cat "$STATE/server.log" >&2
        exit 1
    }
    as_owner "$BINDIR/createdb" -h "$STATE" -p "$PGPORT" -U "$USER_NAME" rapport_test >&2 2>/dev/null \
        || as_owner "$(find_bin createdb)" -h "$STATE" -p "$PGPORT" -U "$USER_NAME" rapport_test >&2
    echo "postgres://$USER_NAME@127.0.0.1:$PGPORT/rapport_test"
    ;;
stop)
    PG_CTL=$(find_bin pg_ctl)
    if [ -n "$PG_CTL" ] && [ -f "$STATE/data/postmaster.pid" ]; then
        as_owner "$PG_CTL" -D "$STATE/data" stop -m fast >&2
    fi
    rm -rf "$STATE"
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
