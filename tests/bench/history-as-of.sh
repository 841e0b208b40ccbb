#!/usr/bin/env bash
# [HI4] Renders a 5-year family file (≥ 20,000 stored updates) as of three dates; see
# tests/bench/history-as-of.ts. Not part of `npm test`: a benchmark, figures in BASELINE.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
npm run --silent i18n >/dev/null
node_modules/.bin/tsc -p tests/bench/tsconfig.json
WORK="$(mktemp -d /tmp/asysta-history-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
node build-bench/tests/bench/history-as-of.js build "$WORK/file"
node build-bench/tests/bench/history-as-of.js measure "$WORK/file"
cp -r "$WORK/file" "$WORK/plain"
node build-bench/tests/bench/history-as-of.js measure "$WORK/plain" --no-checkpoints
