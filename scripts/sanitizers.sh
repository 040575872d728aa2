#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and ThreadSanitizer (separate scratch paths, so the
# normal .build stays untouched).
#
#   scripts/sanitizers.sh [address|thread|all] [-- extra swift test arguments, e.g. --filter BadInput]
#
# Slow: each sanitizer is a full rebuild (tens of minutes on a small machine). Logs go to
# .build-asan/test.log and .build-tsan/test.log; the exit status is non-zero when any run failed.
# RAPPORT_SANITIZER is set so timing assertions in the bad-input tests allow for the slowdown.
set -uo pipefail
cd "$(dirname "$0")/.."
WHICH=${1:-all}
shift || true
[[ "${1:-}" == "--" ]] && shift
EXTRA=("$@")

run() {
    local sanitizer=$1 scratch=$2
    mkdir -p "$scratch"
    echo "sanitizers: $sanitizer → $scratch/test.log" >&2
    local start=$SECONDS
    RAPPORT_SANITIZER=$sanitizer \
        ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1} \
        TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=0:second_deadlock_stack=1} \
        swift test --sanitize="$sanitizer" --scratch-path "$scratch" "${EXTRA[@]}" >"$scratch/test.log" 2>&1
    local rc=$?
    local reports
    reports=$(grep -c -E '^(==[0-9]+==ERROR: AddressSanitizer|WARNING: ThreadSanitizer)' "$scratch/test.log")
    echo "sanitizers: $sanitizer exit $rc, sanitizer reports: $reports, $((SECONDS - start)) s" >&2
    grep -E 'Test run with .* (passed|failed)|tests? failed|issues?' "$scratch/test.log" | tail -3 >&2
    [[ $rc -eq 0 && $reports -eq 0 ]]
}

status=0
case $WHICH in
address) run address .build-asan || status=1 ;;
thread) run thread .build-tsan || status=1 ;;
all)
    run address .build-asan || status=1
    run thread .build-tsan || status=1
    ;;
*)
    echo "usage: scripts/sanitizers.sh [address|thread|all] [-- swift test arguments]" >&2
    exit 2
    ;;
esac
exit $status
