#!/usr/bin/env bash
# Mail ingestion benchmark: rapport ingest vs Python mailbox+email vs cat, on one generated mbox.
# usage: Benchmarks/mail/run.sh [SIZE_MB]   (default 1024; the input is generated once into /tmp)
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE=${1:-1024}
FILE=/tmp/rapport-mail-bench-${SIZE}.mbox
[ -f "$FILE" ] || python3 Benchmarks/mail/gen_mbox.py "$FILE" "$SIZE" 42
swift build -c release --product rapport >/dev/null
BIN=$(swift build -c release --show-bin-path)/rapport
python3 Benchmarks/mail/measure.py "$BIN" "$FILE"
