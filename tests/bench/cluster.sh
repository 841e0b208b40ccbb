#!/usr/bin/env bash
# Issue 16, load figures: two nodes + PostgreSQL + HAProxy beside one node on SQLite, in one run
# (tests/bench/cluster.ts). Not part of `npm test`: a benchmark, figures in BASELINE.md. Starts a
# throw-away PostgreSQL cluster (Debian's package; as root it runs as `postgres`) and seeds a
# benchmark organisation. Env: FAMILIES (1000), SECONDS (120), EDIT_EVERY_MS (10000).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
command -v haproxy >/dev/null || { echo "haproxy missing: apt-get install -y haproxy" >&2; exit 69; }
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[[ -x "$BIN/initdb" ]] || { echo "postgresql missing: apt-get install -y postgresql" >&2; exit 69; }
npm run --silent build:server >/dev/null
node_modules/.bin/tsc -p tests/bench/tsconfig.json

WORK="$(mktemp -d /tmp/asysta-cluster-bench.XXXXXX)"
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) == 0 ]] && chown postgres "$WORK"
PGUSER=$([[ $(id -u) == 0 ]] && echo postgres || id -un)
PGPORT=$(node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})")
cleanup() {
	as_pg "$BIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT
as_pg "$BIN/initdb" -D "$WORK/pg" -U "$PGUSER" --auth=trust -E UTF8 >/dev/null
as_pg "$BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w \
	-o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
export BENCH_DATABASE_URL="postgres://$PGUSER@127.0.0.1:$PGPORT/postgres"

export BENCH_TEMPLATE="$WORK/template"
export BENCH_PASSWORD="bench-$(node -e "console.log(require('node:crypto').randomBytes(12).toString('hex'))")"
mkdir -p "$BENCH_TEMPLATE"
DATA_DIR="$BENCH_TEMPLATE" node build-server/server/admin.js seed-bench --prefix bench \
	--docs "${FAMILIES:-1000}" --password "$BENCH_PASSWORD" >/dev/null
node build-bench/tests/bench/cluster.js
