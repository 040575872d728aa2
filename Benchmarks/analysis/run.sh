#!/bin/sh
# Benchmark of the analysis pipeline against a pure-Python reference on the same synthetic data.
set -e
cd "$(dirname "$0")"
N=${1:-1000000}
C=${2:-10000}
swift build -c release --product AnalysisBench 2>&1 | tail -1
OUT=$(./.build/release/AnalysisBench "$N" "$C" /tmp/rapport-analysis-bench.ndjson)
echo "$OUT"
PY=$(python3 reference.py /tmp/rapport-analysis-bench.ndjson)  # prints CPU seconds
echo "$PY"
SW=$(echo "$OUT" | sed -n 's/^one pass.*(cpu \([0-9.]*\) s.*/\1/p')
AN=$(echo "$OUT" | sed -n 's/^analysis.*(cpu \([0-9.]*\) s)$/\1/p')
PYT=$(echo "$PY" | sed -n 's/.*: \([0-9.]*\) s for.*/\1/p')
python3 -c "sw=$SW+$AN; py=$PYT; print(f'ratio (cpu): rapport full analysis {sw:.2f} s vs python pairing + median only {py:.2f} s = {py/sw:.2f}x')"
rm -f /tmp/rapport-analysis-bench.ndjson
