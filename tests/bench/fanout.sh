#!/usr/bin/env bash
# Issue 16: the cluster's fan-out over PostgreSQL LISTEN/NOTIFY against Redis pub/sub, in one run
# (tests/bench/fanout.ts). Starts a throw-away PostgreSQL (Debian's package; as root it runs as
# `postgres`) and a throw-away redis-server (Debian's `redis-server`, only for this benchmark; the
# product does not use Redis). Env: RATES (100,1000,5000 messages/s), SECONDS (10), ROUNDS (2).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
command -v redis-server >/dev/null || { echo "redis-server missing: apt-get install -y redis-server" >&2; exit 69; }
source tests/bench/throwaway-pg.sh
node_modules/.bin/tsc -p tests/bench/tsconfig.json

bench_work fanout-bench
REDIS_PORT=$(free_port)
REDIS_PID=""
cleanup() {
	[[ -n "$REDIS_PID" ]] && kill "$REDIS_PID" 2>/dev/null || true
	stop_pg
	rm -rf "$WORK"
}
trap cleanup EXIT
start_pg
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
	>"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 50); do grep -q 'Ready to accept' "$WORK/redis.log" && break; sleep 0.1; done
export BENCH_REDIS_PORT="$REDIS_PORT" BENCH_REDIS_PID="$REDIS_PID"
node build-bench/tests/bench/fanout.js
