#!/usr/bin/env bash
# Reduce-stage benchmark: 1,000,000 synthetic messages in 100 shards (docs/partials.md, "Memory and time"),
# then Spark local[2] vs one process on the same mail corpus (overhead ratio).
# usage: Benchmarks/scale/run.sh [RAPPORT_BINARY] [MESSAGES] [SHARDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${1:-.build/release/rapport}"
N="${2:-1000000}"
S="${3:-100}"
W=/tmp/rapport-scale-bench
rm -rf "$W" && mkdir -p "$W"
"$BIN" ingest corpora/demo/mail/inbox.mbox --partials "$W/template.ndjson" 2>/dev/null
python3 Benchmarks/scale/gen_partials.py "$W/template.ndjson" "$W/partials" "$N" "$S"
du -sh "$W/partials"
echo "== reduce: $N messages in $S shards"
/usr/bin/time -f "reduce: %e s wall, %U s user, %M KB max RSS" \
    "$BIN" analyze --from-partials "$W/partials" --format json --out "$W/report.json"
ls -l "$W/report.json"

echo "== Spark local[2] vs one process (mail corpus: 4 mboxes)"
mkdir -p "$W/corpus"
for i in 1 2 3 4; do python3 Benchmarks/mail/gen_mbox.py "$W/corpus/box$i.mbox" "${MBOX_MB:-5}" "$i" >/dev/null; done
start=$(date +%s.%N)
"$BIN" analyze "$W/corpus" --format json --out "$W/one.json" 2>/dev/null
one=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
"${VENV:-/tmp/venv-spark}/bin/python" scale/rapport_spark.py --rapport "$BIN" --master 'local[2]' \
    --out "$W/spark.json" "$W/corpus" 2>/dev/null
spark=$(echo "$(date +%s.%N) - $start" | bc)
cmp "$W/one.json" "$W/spark.json" && echo "reports identical"
echo "one process: ${one} s; Spark local[2]: ${spark} s; ratio $(echo "scale=2; $spark / $one" | bc)"
