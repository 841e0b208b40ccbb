#!/usr/bin/env bash
# Issue 16: the cluster's fan-out over PostgreSQL LISTEN/NOTIFY against Redis pub/sub, in one run
# (tests/bench/fanout.ts). Starts a throw-away PostgreSQL (Debian's package; as root it runs as
# `postgres`) and a throw-away redis-server (Debian's `redis-server`, only for this benchmark; the
# product does not use Redis). Env: RATES (100,1000,5000 messages/s), SECONDS (10), ROUNDS (2).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
command -v redis-server >/dev/null || { echo "redis-server missing: apt-get install -y redis-server" >&2; exit 69; }
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[[ -x "$BIN/initdb" ]] || { echo "postgresql missing: apt-get install -y postgresql" >&2; exit 69; }
node_modules/.bin/tsc -p tests/bench/tsconfig.json

WORK="$(mktemp -d /tmp/asysta-fanout-bench.XXXXXX)"
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) == 0 ]] && chown postgres "$WORK"
PGUSER=$([[ $(id -u) == 0 ]] && echo postgres || id -un)
free_port() { node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})"; }
PGPORT=$(free_port)
REDIS_PORT=$(free_port)
REDIS_PID=""
cleanup() {
	[[ -n "$REDIS_PID" ]] && kill "$REDIS_PID" 2>/dev/null || true
	as_pg "$BIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT
as_pg "$BIN/initdb" -D "$WORK/pg" -U "$PGUSER" --auth=trust -E UTF8 >/dev/null
as_pg "$BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w \
	-o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1" start >/dev/null
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
	>"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 50); do grep -q 'Ready to accept' "$WORK/redis.log" && break; sleep 0.1; done
export BENCH_DATABASE_URL="postgres://$PGUSER@127.0.0.1:$PGPORT/postgres"
export BENCH_REDIS_PORT="$REDIS_PORT" BENCH_REDIS_PID="$REDIS_PID"
node build-bench/tests/bench/fanout.js
