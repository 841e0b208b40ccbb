#!/usr/bin/env bash
# Issue 16, load figures: two nodes + PostgreSQL + HAProxy beside one node on SQLite, in one run
# (tests/bench/cluster.ts). Not part of `npm test`: a benchmark, figures in BASELINE.md. Starts a
# throw-away PostgreSQL cluster (Debian's package; as root it runs as `postgres`) and seeds a
# benchmark organisation. Env: FAMILIES (1000), SECONDS (120), EDIT_EVERY_MS (10000).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
command -v haproxy >/dev/null || { echo "haproxy missing: apt-get install -y haproxy" >&2; exit 69; }
source tests/bench/throwaway-pg.sh
npm run --silent build:server >/dev/null
node_modules/.bin/tsc -p tests/bench/tsconfig.json

bench_work cluster-bench
cleanup() {
	stop_pg
	rm -rf "$WORK"
}
trap cleanup EXIT
start_pg -c max_connections=200

export BENCH_TEMPLATE="$WORK/template"
export BENCH_PASSWORD="bench-$(node -e "console.log(require('node:crypto').randomBytes(12).toString('hex'))")"
mkdir -p "$BENCH_TEMPLATE"
DATA_DIR="$BENCH_TEMPLATE" node build-server/server/admin.js seed-bench --prefix bench \
	--docs "${FAMILIES:-1000}" --password "$BENCH_PASSWORD" >/dev/null
node build-bench/tests/bench/cluster.js
