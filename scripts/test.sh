#!/usr/bin/env bash
# Runs every test: unit, integration (a throwaway PostgreSQL cluster in a temp dir, started by
# the tests themselves), HTTP over loopback, CLI, and headless-Chromium browser tests; then
# Schemathesis against docs/openapi.json on a `tessera dev` server (scripts/schemathesis.sh) and a
# short libFuzzer run of each fuzz target (docs/reliability.md), which fails the command on a crash.
# Arguments go to `swift test` (e.g. `--filter X`); a filtered run skips Schemathesis and fuzzing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --with-browser --with-schemathesis
export PATH="/opt/swift/usr/bin:$PATH"
mkdir -p test-artifacts
swift build --build-tests
swift test --skip-build "$@"
if [[ $# -eq 0 ]]; then
    scripts/schemathesis.sh
    # A fixed seed and a short time per target: a smoke test of the fuzz targets and a replay of the
    # seed corpus, not a search (long runs: scripts/fuzz.sh TARGET SECONDS).
    scripts/fuzz.sh all 10 -seed=1
fi
