#!/usr/bin/env bash
# Renders a Rapport HTML report in headless Chromium and writes a PNG, to check the page in a real
# browser (layout, SVG charts, no external requests).
#
# Usage: scripts/screenshot-report.sh [REPORT.html] [OUT.png]
#   REPORT.html  default: Tests/RapportReportTests/Fixtures/reports/sample.html (the snapshot)
#   OUT.png      default: /tmp/rapport-report.png
# Environment:
#   OPEN=1       open every <details> first (a copy is rendered; the report is not changed)
#   WIDTH, HEIGHT  window size (default 1280 x 2000)
# Needs chromium (Debian: apt-get install chromium). Network is disabled for the browser.
set -euo pipefail

html="${1:-Tests/RapportReportTests/Fixtures/reports/sample.html}"
out="${2:-/tmp/rapport-report.png}"
width="${WIDTH:-1280}"
height="${HEIGHT:-2000}"

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
    echo "screenshot-report: no Chromium found (apt-get install chromium)" >&2
    exit 3
fi
[ -f "$html" ] || { echo "screenshot-report: no such file: $html" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
page="$work/report.html"
if [ "${OPEN:-0}" = "1" ]; then
    sed -e 's/<details class="account"/<details open class="account"/g' \
        -e 's/<details class="contact"/<details open class="contact"/g' "$html" >"$page"
else
    cp "$html" "$page"
fi

start=$(date +%s.%N)
"$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile" --proxy-server="127.0.0.1:9" --host-resolver-rules="MAP * ~NOTFOUND" \
    --window-size="$width,$height" --screenshot="$out" "file://$page" >"$work/log" 2>&1 || {
    cat "$work/log" >&2
    exit 1
}
end=$(date +%s.%N)
printf 'screenshot-report: %s -> %s (%s bytes of HTML, %.1f s)\n' "$html" "$out" "$(wc -c <"$html")" \
    "$(echo "$end - $start" | bc)"
