#!/usr/bin/env bash
# The README's test command (npm test): lint, type-check, build, then every test, then one summary
# line "tests: N passed, N failed, N skipped". Exits non-zero when any step fails.
set -uo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_ISOLATE_PLUGINS=false NX_TUI=false
NX=node_modules/.bin/nx
extra=()
[ -n "${CI:-}" ] && extra+=(--skip-nx-cache)
rc=0
$NX sync:check || rc=1
$NX run-many -t lint typecheck build --output-style=static "${extra[@]}" || rc=1
rm -rf apps/*/test-results libs/*/test-results
# Tests always run (never replayed from the cache): their counts come from the files they write, and a
# replay does not always restore files removed behind Nx's back.
$NX run-many -t test --output-style=static --parallel=1 --skip-nx-cache || rc=1
node tools/test-summary.js || rc=1
exit $rc
