#!/usr/bin/env bash
# Sourced by the benchmarks that need PostgreSQL (cluster.sh, fanout.sh): a throw-away cluster
# from Debian's package in a fresh work directory (as root it runs as `postgres`).
# `bench_work NAME` makes $WORK; `start_pg [postgres -c options]` starts the cluster and exports
# BENCH_DATABASE_URL; `stop_pg` stops it (call it from the script's EXIT trap).
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[[ -x "$BIN/initdb" ]] || { echo "postgresql missing: apt-get install -y postgresql" >&2; exit 69; }
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PGUSER=$([[ $(id -u) == 0 ]] && echo postgres || id -un)
free_port() { node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})"; }
bench_work() {
	WORK="$(mktemp -d "/tmp/asysta-$1.XXXXXX")"
	[[ $(id -u) == 0 ]] && chown postgres "$WORK"
	return 0
}
start_pg() {
	local port
	port=$(free_port)
	as_pg "$BIN/initdb" -D "$WORK/pg" -U "$PGUSER" --auth=trust -E UTF8 >/dev/null
	as_pg "$BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w \
		-o "-p $port -k $WORK -c listen_addresses=127.0.0.1 $*" start >/dev/null
	export BENCH_DATABASE_URL="postgres://$PGUSER@127.0.0.1:$port/postgres"
}
stop_pg() {
	as_pg "$BIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
}
