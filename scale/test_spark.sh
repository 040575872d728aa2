#!/usr/bin/env bash
# Integration test: the Spark job (local mode) over the demo corpus split into shards must give the
# same report as one `rapport analyze corpora/demo --format json`, byte for byte.
# Usage: scale/test_spark.sh [RAPPORT_BINARY]   (default: .build/debug/rapport; builds it if missing)
# Env: VENV (default /tmp/venv-spark), SPARK_MASTER (default local[2]).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-${RAPPORT_BIN:-.build/debug/rapport}}"
VENV="${VENV:-/tmp/venv-spark}"
MASTER="${SPARK_MASTER:-local[2]}"
if [ ! -x "$BIN" ]; then swift build --product rapport; fi
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import pyspark' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q pyspark
fi
WORK="$(mktemp -d /tmp/rapport-spark-test.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
"$BIN" analyze corpora/demo --format json --out "$WORK/one.json" 2>"$WORK/one.err"
"$VENV/bin/python" scale/rapport_spark.py --rapport "$BIN" --master "$MASTER" --partitions 4 \
    --partials "$WORK/partials" --out "$WORK/spark.json" corpora/demo 2>"$WORK/spark.err" || {
    echo "FAIL: the Spark job failed:" >&2
    tail -30 "$WORK/spark.err" >&2
    exit 1
}
shards=$(cat "$WORK"/partials/part-* | grep -c '^{"header":' || true)
if cmp -s "$WORK/one.json" "$WORK/spark.json"; then
    echo "OK: Spark ($MASTER, $shards shards) report equals the single-machine report ($(wc -c <"$WORK/one.json") bytes)"
else
    echo "FAIL: Spark report differs from the single-machine report:" >&2
    diff "$WORK/one.json" "$WORK/spark.json" | head -40 >&2
    exit 1
fi
