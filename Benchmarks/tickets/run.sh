#!/bin/sh
# Ticket reader benchmark: a generated 50 MB Zendesk-print page through `rapport ingest` (release)
# against Python's html.parser doing the same extraction, in the same run. Prints times, peak
# memory and the CPU-time ratio (wall time is noisy on a shared machine). Usage: Benchmarks/tickets/run.sh [size-MB]
set -eu
cd "$(dirname "$0")/../.."
SIZE="${1:-50}"
PAGE="/tmp/rapport-ticket-${SIZE}mb.html"
python3 Benchmarks/tickets/generate.py "$PAGE" "$SIZE"
swift build -c release --product rapport >/dev/null
BIN="$(swift build -c release --show-bin-path)/rapport"
measure() {  # label, command...
    label="$1"; shift
    /usr/bin/time -f "%e %U %S %M" -o /tmp/rapport-ticket-time.txt "$@" >/tmp/rapport-ticket-out.txt 2>/dev/null
    set -- $(cat /tmp/rapport-ticket-time.txt)
    cpu=$(python3 -c "print(round($2 + $3, 2))")
    echo "$label: wall ${1} s, cpu ${cpu} s, peak ${4} KB"
    eval "${label}_S=$cpu"
}
measure rapport "$BIN" ingest --me sam.lee@acme.io --input-format html "$PAGE"
echo "  messages: $(wc -l < /tmp/rapport-ticket-out.txt)"
measure python python3 Benchmarks/tickets/reference.py "$PAGE"
echo "  comments: $(cat /tmp/rapport-ticket-out.txt)"
python3 -c "print(f'ratio python/rapport (cpu time): {float(\"$python_S\") / max(float(\"$rapport_S\"), 0.001):.2f}x')"
