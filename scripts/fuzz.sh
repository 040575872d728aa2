#!/usr/bin/env bash
# Runs Rapport's libFuzzer targets for a bounded time each.
#
#   scripts/fuzz.sh [target|all] [seconds]     (default: all targets, 60 s each)
#   scripts/fuzz.sh --list
#   scripts/fuzz.sh --build-only
#
# Builds Fuzz/ (a separate package) with `--sanitize=fuzzer --sanitize=address` in debug mode with
# testable imports, seeds Fuzz/corpus/<target>/ from the test fixtures and corpora/demo, runs the
# target, and keeps crashing / slow inputs in Fuzz/findings/ (both gitignored). Exit status is 1
# when any target found something. See docs/robustness.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGETS=(mbox eml headers date mime transfer charset html htmltext json slack mrkdwn clean olm msg tnef zip tar partial
    ticket slackdump slackorg sentiment)

if [[ "${1:-}" == "--list" ]]; then printf '%s\n' "${TARGETS[@]}"; exit 0; fi

# SwiftPM applies --sanitize only to the root package (Fuzz/), so the coverage and ASan
# instrumentation of Rapport's own modules is requested explicitly for every Swift and C compile.
FLAGS=(--package-path Fuzz --sanitize=fuzzer --sanitize=address
    -Xswiftc -enable-testing -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address)
build() {
    echo "fuzz: building Fuzz/ (fuzzer + address sanitizer; the first build is slow)" >&2
    swift build "${FLAGS[@]}" >&2
}

if [[ "${1:-}" == "--build-only" ]]; then build; exit 0; fi

WHICH=${1:-all}
SECONDS_EACH=${2:-60}
if [[ "$WHICH" == "all" ]]; then
    SELECTED=("${TARGETS[@]}")
else
    SELECTED=("$WHICH")
    [[ " ${TARGETS[*]} " == *" $WHICH "* ]] || { echo "fuzz: unknown target '$WHICH' (try --list)" >&2; exit 2; }
fi

build
BIN=$(swift build "${FLAGS[@]}" --show-bin-path)/rapport-fuzz

FIX=$ROOT/Tests/RapportIngestTests/Fixtures
seed() {
    local t=$1 dir=$ROOT/Fuzz/corpus/$1
    mkdir -p "$dir"
    local files=()
    case $t in
    mbox | eml | mime | headers | clean | transfer)
        files+=("$FIX"/mail/*.eml "$FIX"/mail/*.mbox "$ROOT"/corpora/demo/mail/* "$FIX"/bad/*.mbox "$FIX"/bad/*.eml)
        while IFS= read -r f; do files+=("$f"); done < <(find "$FIX/mail/maildir" -type f)
        [[ $t == mbox ]] && files+=("$FIX"/mail/*.gz "$FIX"/mail/zips/*.zip "$FIX"/mail/zips/*.tgz "$FIX"/mail/zips/*.tar)
        # A plain tar holding mailboxes, so mutations reach the tar headers (the .tgz is compressed).
        [[ $t == mbox ]] && gzip -dc "$FIX"/mail/zips/takeout.tgz >"$dir/seed-takeout.tar"
        ;;
    date)
        printf 'Mon, 1 Jan 2024 10:00:00 +0000' >"$dir/seed-rfc5322"
        printf 'Tue, 31 Dec 96 23:59:60 EST' >"$dir/seed-obsolete"
        printf '1 Jan 2024 10:00 (GMT)' >"$dir/seed-comment"
        printf 'Sun, 06 Nov 1994 08:49:37 GMT' >"$dir/seed-http"
        ;;
    charset)
        printf 'iso-8859-1\ncaf\xe9' >"$dir/seed-latin1"
        printf 'windows-1252\n\x93quoted\x94 \x80' >"$dir/seed-cp1252"
        printf 'iso-2022-jp\n\x1b$B$3$s$K$A$O\x1b(B' >"$dir/seed-jis"
        printf 'utf-7\n+AGEAYgBj-' >"$dir/seed-utf7"
        printf 'gb2312\n\xc4\xe3\xba\xc3' >"$dir/seed-gb"
        printf 'utf-8\n\xc3\xa9\xff' >"$dir/seed-utf8"
        ;;
    html | htmltext) files+=("$FIX"/tickets/*.html "$ROOT"/corpora/demo/tickets/*.html "$FIX"/bad/*.html) ;;
    json | slack | mrkdwn)
        while IFS= read -r f; do files+=("$f"); done < <(find "$FIX/slack" "$ROOT/corpora/demo/slack" -name '*.json')
        ;;
    # Formats the tests build in code (.msg, TNEF, .olm records, stored zips, pax/GNU tars) are written by
    # Fuzz/make_seeds.py.
    olm | msg | tnef) python3 "$ROOT/Fuzz/make_seeds.py" "$t" "$dir" ;;
    zip)
        python3 "$ROOT/Fuzz/make_seeds.py" zip "$dir"
        files+=("$FIX"/mail/zips/*.zip "$FIX"/slack/*.zip)
        ;;
    tar)
        python3 "$ROOT/Fuzz/make_seeds.py" tar "$dir"
        files+=("$FIX"/mail/zips/*.tar)
        gzip -dc "$FIX"/mail/zips/takeout.tgz >"$dir/seed-takeout.tar"
        ;;
    partial)
        files+=("$FIX"/mail/partial/*.mbox)
        # The maildir's fragments as one mbox (each file is one message).
        for f in "$FIX"/mail/partial/maildir/cur/*; do printf 'From fuzz@example Mon Jan  1 00:00:00 2024\n'; cat "$f"; echo; done \
            >"$dir/seed-partial-maildir.mbox"
        ;;
    ticket)
        files+=("$FIX"/tickets/*.html "$FIX"/tickets/*.mhtml "$ROOT"/corpora/demo/tickets/*.html)
        # UTF-16/32 pages, with and without a byte order mark (Windows "Save as… Unicode").
        for enc in UTF-16 UTF-16LE UTF-16BE UTF-32 UTF-32LE; do
            iconv -f UTF-8 -t "$enc" "$FIX"/tickets/znuny.html >"$dir/seed-znuny-$enc.html" 2>/dev/null || true
        done
        ;;
    slackdump | slackorg)
        # Input = one byte choosing the file (sorted JSON paths of the export) + that file's new contents.
        local export=slackdump
        [[ $t == slackorg ]] && export=grid-org
        python3 - "$FIX/slack/$export" "$dir" <<'PY'
import os, sys
root, out = sys.argv[1], sys.argv[2]
names = sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs if f.endswith(".json"))
for k, n in enumerate(names):
    with open(os.path.join(out, "seed-%02d" % k), "wb") as f:
        f.write(bytes([k]) + open(os.path.join(root, n), "rb").read())
PY
        ;;
    sentiment)
        # Every 40th line of the golden sentiment input, plus hostile shapes.
        awk 'NR % 40 == 1 { f = sprintf("%s/seed-golden-%04d", dir, NR); printf "%s", $0 > f; close(f) }' dir="$dir" \
            "$ROOT"/Tests/RapportSentimentTests/Fixtures/golden/input.txt
        printf 'NOT good at all!!! :( but the fix was great, thanks 😊' >"$dir/seed-mixed"
        printf "nobody ever answered, and it wasn't fixed. why is this still broken?" >"$dir/seed-complaint"
        printf 'Danke, das hat super geklappt! Merci beaucoup 👍🏽 ありがとう' >"$dir/seed-multilingual"
        ;;
    esac
    for f in "${files[@]}"; do
        [[ -f "$f" ]] || continue
        cp -n "$f" "$dir/seed-$(echo "$f" | sed "s|$ROOT/||; s|/|_|g")" 2>/dev/null || true
    done
}

mkdir -p Fuzz/findings
FOUND=0
printf '%-9s %8s %10s %8s  %s\n' target seconds execs corpus result
for t in "${SELECTED[@]}"; do
    seed "$t"
    log=Fuzz/findings/$t.log
    set +e
    # LeakSanitizer at exit is off: ZIPFoundation (Linux) never frees the C path it makes per Archive
    # opened (~40 bytes per zip); per-input leak checks are off too (-detect_leaks=0).
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} RAPPORT_FUZZ_TARGET=$t "$BIN" "Fuzz/corpus/$t" -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 \
        -rss_limit_mb=3072 -detect_leaks=0 -print_final_stats=1 -artifact_prefix="Fuzz/findings/$t-" >"$log" 2>&1
    rc=$?
    set -e
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    corpus=$(find "Fuzz/corpus/$t" -type f | wc -l)
    if [[ $rc -eq 0 ]]; then
        result=ok
    else
        result="FOUND (exit $rc): $(ls -t Fuzz/findings/"$t"-* 2>/dev/null | head -1) — see $log"
        FOUND=1
    fi
    printf '%-9s %8s %10s %8s  %s\n' "$t" "$SECONDS_EACH" "$execs" "$corpus" "$result"
done
exit $FOUND
