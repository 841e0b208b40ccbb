#!/usr/bin/env bash
# [DV2] Opening family files from the device in real Chromium: in-memory apply vs plain
# y-indexeddb vs the encrypted store; see tests/bench/device-open.ts. Not part of `npm test`:
# a benchmark, figures in BASELINE.md. Env: ROUNDS (default 15), CHROMIUM_PATH.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
npm run --silent i18n >/dev/null
node_modules/.bin/tsc -p tests/bench/tsconfig.json
node build-bench/tests/bench/device-open.js
