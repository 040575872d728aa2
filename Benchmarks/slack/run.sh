#!/usr/bin/env bash
# Benchmark: Rapport's Slack reader vs Python json + the same field extraction, same run, same export.
# Usage: Benchmarks/slack/run.sh [MESSAGES]   (default 1000000; export generated into /tmp)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n="${1:-1000000}"
export_dir="/tmp/slack-bench-$n"
if [ ! -f "$export_dir/users.json" ]; then
    python3 "$here/generate.py" "$export_dir" "$n"
fi
du -sh "$export_dir" | sed 's/^/export size: /'
largest=$(find "$export_dir" -name '*.json' -printf '%s\n' | sort -n | tail -1)
echo "largest day file: $((largest / 1024)) KiB"
(cd "$here/SlackBench" && swift build -c release --product slack-bench 2>&1 | tail -1)
bin="$here/SlackBench/.build/release/slack-bench"
py=$(python3 "$here/reference.py" "$export_dir")
sw=$("$bin" "$export_dir")
echo "$py"
echo "$sw"
python3 - "$py" "$sw" <<'PY'
import re, sys
rate = lambda s, pat: float(re.search(pat, s).group(1).replace(",", ""))
wall, cpu = r"= ([\d,]+) msg/s;", r"= ([\d,]+) msg/s CPU"
print(f"ratio (swift / python): wall {rate(sys.argv[2], wall) / rate(sys.argv[1], wall):.2f}x, "
      f"CPU {rate(sys.argv[2], cpu) / rate(sys.argv[1], cpu):.2f}x")
PY
