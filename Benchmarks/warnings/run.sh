#!/bin/sh
# Warnings simulation: builds the release benchmark package and runs the full seeded population.
# Extra arguments are passed on, e.g. ./run.sh --seeds 1 --steady 100 --config my-warnings.json
set -eu
cd "$(dirname "$0")/WarningsSim"
swift build -c release
exec .build/release/warnings-sim "$@"
