#!/usr/bin/env bash
# npm run bench [-- sync|load|all]: our server against the bare reference y-websocket server with
# ../shared/bench/compare.sh (scenario B and the load bench, issue 3). Every run starts
# build-server/server/main.js on a fresh copy of a seeded data directory; the benchmark user gets
# real grants through the admin CLI, and logs in through POST /api/session (HTTP contract).
# Env: REPS (default 4), BENCH_DIR (default ../shared/bench), PORT (default 8090).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_DIR="${BENCH_DIR:-$ROOT/../shared/bench}"
WHICH="${1:-all}"
REPS="${REPS:-4}"
PORT="${PORT:-8090}"
cd "$ROOT"

[[ -d "$BENCH_DIR/node_modules" ]] || (cd "$BENCH_DIR" && npm ci --no-audit --no-fund)
npm run --silent build:server >/dev/null
[[ -f build/handler.js ]] || echo "bench: build/handler.js missing, logging in through the database instead of POST /api/session (run npm run build for the HTTP path)" >&2

WORK="$(mktemp -d /tmp/asysta-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
TEMPLATE="$WORK/template"
# A fresh random password per run for the throwaway benchmark account (seed-bench takes it as an
# argument; real accounts get theirs from a prompt or stdin).
BENCH_PASSWORD="bench-$(node -e "console.log(require('node:crypto').randomBytes(12).toString('hex'))")"
DATA_DIR="$TEMPLATE" node build-server/server/admin.js seed-bench --prefix bench --docs 100 --password "$BENCH_PASSWORD" >/dev/null

# Fallback for a tree without the SvelteKit build: a session made by the same data layer the
# server checks, stored in the template so every fresh copy contains it.
FALLBACK_COOKIE="$(DATA_DIR="$TEMPLATE" node --input-type=module -e "
import { databaseFile, openDatabase } from './build-server/src/lib/server/db.js';
import { createSession, generateSessionToken, SESSION_COOKIE } from './build-server/src/lib/server/session.js';
import { findUserIdByEmail } from './build-server/src/lib/server/users.js';
import { sqliteSqlOf } from './build-server/src/lib/server/sql.js';
const db = openDatabase(databaseFile(process.env.DATA_DIR));
const sql = sqliteSqlOf(db);
const token = generateSessionToken();
await createSession(sql, token, await findUserIdByEmail(sql, 'bench@bench.local'));
db.close();
console.log(SESSION_COOKIE + '=' + token);
")"

cat > "$WORK/login.sh" <<LOGIN
#!/bin/sh
# Logs in as the benchmark user and prints "Cookie: name=value" for compare.sh.
out=\$(curl -sS -o /dev/null -D - -X POST "http://\$TARGET_HOST:\$TARGET_PORT/api/session" \\
  -H 'Content-Type: application/json' -H "Origin: http://\$TARGET_HOST:\$TARGET_PORT" \\
  -d '{"email":"bench@bench.local","password":"$BENCH_PASSWORD"}' 2>/dev/null | tr -d '\r')
if echo "\$out" | head -1 | grep -q ' 200'; then
  echo "\$out" | sed -n 's/^[Ss]et-[Cc]ookie: *\([^;]*\).*/Cookie: \1/p'
else
  echo "bench: POST /api/session did not answer 200; using a database session" >&2
  echo "Cookie: $FALLBACK_COOKIE"
fi
LOGIN
chmod +x "$WORK/login.sh"

# Scenario B opens 500 sockets as one user from one address: the socket caps are raised for it.
# UNLOAD_GRACE_MS well under load-bench's 1000 ms settle time, so cold loads really read SQLite.
T=(--target-name asysta
   --target-cwd "$ROOT"
   --target-cmd "rm -rf '$WORK/run' && cp -r '$TEMPLATE' '$WORK/run' && PORT=$PORT HOST=127.0.0.1 DATA_DIR='$WORK/run' UNLOAD_GRACE_MS=200 MAX_SOCKETS_PER_USER=1000 MAX_SOCKETS_PER_ADDRESS=1000 exec node build-server/server/main.js"
   --target-url "ws://127.0.0.1:$PORT/sync"
   --target-ready 'Asysta: http'
   --target-setup "$WORK/login.sh")

status=0
if [[ "$WHICH" == all || "$WHICH" == sync ]]; then
  echo "== scenario B: 100 docs x 5 clients, 100 edits @ 10/s =="
  "$BENCH_DIR/compare.sh" --reps "$REPS" --order abba "${T[@]}" \
    -- --docs 100 --clients-per-doc 5 --edits 100 --rate 10 --doc-prefix bench || status=1
fi
if [[ "$WHICH" == all || "$WHICH" == load ]]; then
  echo "== load bench: 5000 updates, cold and warm loads =="
  "$BENCH_DIR/compare.sh" --bench load --reps "$REPS" --order abba "${T[@]}" -- --doc-prefix bench || status=1
fi
exit $status
