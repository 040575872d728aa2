#!/usr/bin/env bash
# History-store benchmark: `rapport analyze --store` into SQLite vs PostgreSQL (N messages, default
# 20000), and 4 concurrent workers importing overlapping quarters into one PostgreSQL store.
# Starts its own PostgreSQL with .ci/postgres.sh on port 54361 and stops it at the end.
# usage: Benchmarks/store/run.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-20000}
DIR=/tmp/rapport-store-bench-$N
[ -f "$DIR/all.mbox" ] || python3 Benchmarks/store/gen.py "$DIR" "$N"
BIN=${RAPPORT_BIN:-$(swift build -c release --show-bin-path)/rapport}
export PGPORT=54361 RAPPORT_PG_DIR=/tmp/rapport-pg-bench
URL=$(bash .ci/postgres.sh start)
trap 'bash .ci/postgres.sh stop' EXIT
T='%e s wall, %U s user, %S s sys, %M KB max RSS'
ARGS=(--me sam@ourco.example --as-of 2024-02-01 --format json)
uptime
echo "== analyze, no store"
/usr/bin/time -f "$T" "$BIN" analyze "$DIR/all.mbox" "${ARGS[@]}" >/dev/null 2>"$DIR/plain.err"
tail -1 "$DIR/plain.err"
echo "== analyze --store, SQLite (new file)"
rm -f "$DIR/h.sqlite"
/usr/bin/time -f "$T" "$BIN" analyze "$DIR/all.mbox" "${ARGS[@]}" --store --store-path "$DIR/h.sqlite" \
    >/dev/null 2>"$DIR/sqlite.err"
grep -a "history store" "$DIR/sqlite.err" | head -1; tail -1 "$DIR/sqlite.err"
echo "== analyze --store, PostgreSQL (new schema)"
/usr/bin/time -f "$T" "$BIN" analyze "$DIR/all.mbox" "${ARGS[@]}" --store --store-path "$URL?schema=single" \
    >/dev/null 2>"$DIR/pg.err"
grep -a "history store" "$DIR/pg.err" | head -1; tail -1 "$DIR/pg.err"
echo "== again, everything already stored (PostgreSQL)"
/usr/bin/time -f "$T" "$BIN" analyze "$DIR/all.mbox" "${ARGS[@]}" --store --store-path "$URL?schema=single" \
    >/dev/null 2>"$DIR/pg2.err"
grep -a "history store" "$DIR/pg2.err" | head -1; tail -1 "$DIR/pg2.err"
echo "== 4 concurrent workers, overlapping parts, one PostgreSQL schema"
start=$(date +%s.%N)
for w in 0 1 2 3; do
    /usr/bin/time -f "worker $w: $T" "$BIN" analyze "$DIR/part$w.mbox" "${ARGS[@]}" --store \
        --store-path "$URL?schema=concurrent" >/dev/null 2>"$DIR/w$w.err" &
done
wait
end=$(date +%s.%N)
for w in 0 1 2 3; do grep -a "history store" "$DIR/w$w.err" | head -1 | sed 's/.*: \([0-9]* new\)/\1/'; tail -1 "$DIR/w$w.err"; done
echo "all 4 done in $(echo "$end - $start" | bc) s wall"
new=$(cat "$DIR"/w?.err | grep -a "history store" | sed 's/.*: \([0-9]*\) new.*/\1/' | paste -sd+ | bc)
stored=$(psql "$URL" -tAc "SELECT count(*) FROM concurrent.rapport_message")
echo "new counts add up to $new; stored $stored; expected $N"
[ "$new" = "$N" ] && [ "$stored" = "$N" ]
