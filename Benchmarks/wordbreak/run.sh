#!/usr/bin/env bash
# ICU word-break throughput vs `cat FILE >/dev/null` (and a plain byte scan), measured in one run.
# Usage: Benchmarks/wordbreak/run.sh [MB] [REPEATS]      (defaults: 100 MB, 5 runs)
# The input is generated deterministically into /tmp (never into git); set BENCH_INPUT to override.
set -euo pipefail
MB="${1:-100}"
REPEATS="${2:-5}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PKG="$(dirname "$HERE")"
INPUT="${BENCH_INPUT:-/tmp/rapport-bench/wordbreak-${MB}mb.txt}"

echo "== building rapport-bench (release)" >&2
swift build -c release --package-path "$PKG" --product rapport-bench >&2
BIN="$(swift build -c release --package-path "$PKG" --show-bin-path)/rapport-bench"

mkdir -p "$(dirname "$INPUT")"
if [ ! -s "$INPUT" ]; then
    echo "== generating ${MB} MB of mixed English/accented/CJK text into $INPUT" >&2
    "$BIN" gen-text --out "$INPUT" --mb "$MB" --seed 42 >&2
fi

echo "== shell reference: time cat FILE >/dev/null (one run, bash's clock)" >&2
TIMEFORMAT='   cat (bash time): %R s'
time cat "$INPUT" >/dev/null

echo "== rapport-bench wordbreak"
"$BIN" wordbreak --file "$INPUT" --repeat "$REPEATS"
