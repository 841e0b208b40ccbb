#!/usr/bin/env bash
# `npm run cluster`: two Asysta nodes and HAProxy on this machine (README, "Many nodes").
# Needs `npm run build`, a PostgreSQL database in DATABASE_URL and the haproxy package.
# Browsers use http://localhost:${PORT:-3000}; the nodes listen on PORT+1 and PORT+2.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL=postgres://user:password@host:5432/db (README, Many nodes)}"
command -v haproxy >/dev/null || { echo "haproxy missing: apt-get install -y haproxy" >&2; exit 69; }
cd "$(dirname "$0")/.."
PORT=${PORT:-3000}
export DATA_DIR=${DATA_DIR:-./data-cluster}
export TRUST_PROXY=1
export ALLOWED_ORIGINS="http://localhost:$PORT,http://127.0.0.1:$PORT${ALLOWED_ORIGINS:+,$ALLOWED_ORIGINS}"
pids=()
stop() {
	trap - EXIT INT TERM
	# SIGTERM: each node drains (4503, clients reconnect) and stores everything (RM13).
	kill "${pids[@]}" 2>/dev/null || true
	wait || true
}
trap stop EXIT INT TERM
for node in a:$((PORT + 1)) b:$((PORT + 2)); do
	NODE_ID=${node%%:*} PORT=${node##*:} HOST=127.0.0.1 node build-server/server/main.js "$@" &
	pids+=($!)
	# One after the other: the first start prepares DATA_DIR for both.
	until curl -fsS "http://127.0.0.1:${node##*:}/healthz" >/dev/null 2>&1; do
		kill -0 "${pids[-1]}" 2>/dev/null || exit 1
		sleep 0.2
	done
done
ASYSTA_BIND="127.0.0.1:$PORT" ASYSTA_NODE_A="127.0.0.1:$((PORT + 1))" \
	ASYSTA_NODE_B="127.0.0.1:$((PORT + 2))" haproxy -db -f deploy/haproxy.cfg &
pids+=($!)
echo "Asysta cluster: http://localhost:$PORT (nodes :$((PORT + 1)) :$((PORT + 2)))"
wait -n
