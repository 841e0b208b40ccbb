/**
 * Issue 16, load figures: two Asysta nodes on one PostgreSQL behind HAProxy, against one node on
 * the embedded SQLite, in one run. Real y-websocket clients in this process, two per family: the
 * first through HAProxy (which names the node it chose, X-Asysta-Node), the second straight to a
 * node — the same one for half the families (same-node), the other node for the rest
 * (cross-node). Every client edits its family's document every EDIT_EVERY_MS (staggered); the
 * other client of the family must see each edit. Reported: delivered %, propagation p50/p99
 * same-node and cross-node, CPU seconds per node (from /proc), PostgreSQL commits and rows
 * written per second (pg_stat_database). Started by tests/bench/cluster.sh, which prepares
 * PostgreSQL and the seeded data directory. A benchmark, not a test: nothing here asserts time.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { close, connectPairs, type Pair } from './cluster-clients.js';
import { BASE_PORT, cpuSeconds, env, login, startHaproxy, startNode } from './cluster-nodes.js';

const FAMILIES = Number(env('FAMILIES', '1000'));
const SECONDS = Number(env('SECONDS', '120'));
const EDIT_EVERY_MS = Number(env('EDIT_EVERY_MS', '10000'));
const DATABASE_URL = env('BENCH_DATABASE_URL');
const TEMPLATE = env('BENCH_TEMPLATE');
// y-websocket adds a process `exit` listener per provider in Node.
process.setMaxListeners(0);

const pct = (xs: number[], p: number) => {
	if (xs.length === 0) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/**
 * The edit phase: each client sets its own key to a running number every EDIT_EVERY_MS, at a
 * staggered offset; the partner's document reports when the number arrives.
 */
async function run(pairs: Pair[]) {
	const sent = new Map<string, number>();
	const lat: Record<Pair['kind'], number[]> = { same: [], cross: [] };
	let expected = 0;
	let delivered = 0;
	const stop = performance.now() + SECONDS * 1000;
	const timers: NodeJS.Timeout[] = [];
	pairs.forEach((pair, i) => {
		for (const [side, from, to] of [
			['a', pair.a, pair.b],
			['b', pair.b, pair.a]
		] as const) {
			const key = `${side}${i}`;
			to.doc.getMap<number>('m').observe((e) => {
				if (!e.keysChanged.has(key)) return;
				const n = to.doc.getMap<number>('m').get(key);
				const at = sent.get(`${key}:${n}`);
				if (at === undefined) return;
				sent.delete(`${key}:${n}`);
				delivered++;
				lat[pair.kind].push(performance.now() - at);
			});
			let n = 0;
			const edit = () => {
				if (performance.now() > stop) return;
				n++;
				expected++;
				sent.set(`${key}:${n}`, performance.now());
				from.doc.getMap<number>('m').set(key, n);
			};
			const offset = ((i * 2 + (side === 'a' ? 0 : 1)) * EDIT_EVERY_MS) / (pairs.length * 2);
			timers.push(
				setTimeout(() => {
					edit();
					timers.push(setInterval(edit, EDIT_EVERY_MS));
				}, offset)
			);
		}
	});
	await new Promise((r) => setTimeout(r, SECONDS * 1000));
	for (const t of timers) clearTimeout(t);
	// What is still in flight gets two seconds to arrive; later counts as lost.
	await new Promise((r) => setTimeout(r, 2000));
	return { expected, delivered, lat };
}

async function pgCounters(client: pg.Client) {
	const r = await client.query<{ xact_commit: string; tup_inserted: string }>(
		'SELECT xact_commit, tup_inserted FROM pg_stat_database WHERE datname = current_database()'
	);
	return { commits: Number(r.rows[0].xact_commit), rows: Number(r.rows[0].tup_inserted) };
}

function report(
	label: string,
	r: Awaited<ReturnType<typeof run>>,
	cpu: Record<string, number>,
	extra = ''
) {
	const f = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(2));
	console.log(
		`${label}: delivered ${((100 * r.delivered) / r.expected).toFixed(2)} % ` +
			`(${r.delivered}/${r.expected}); same-node p50 ${f(pct(r.lat.same, 50))} ms, ` +
			`p99 ${f(pct(r.lat.same, 99))} ms (n=${r.lat.same.length}); cross-node p50 ` +
			`${f(pct(r.lat.cross, 50))} ms, p99 ${f(pct(r.lat.cross, 99))} ms ` +
			`(n=${r.lat.cross.length}); CPU ${Object.entries(cpu)
				.map(([k, v]) => `${k} ${v.toFixed(1)} s`)
				.join(', ')}${extra}`
	);
}

async function cluster() {
	const dataDir = fs.mkdtempSync('/tmp/asysta-cbench-');
	fs.cpSync(TEMPLATE, dataDir, { recursive: true });
	const extra = { DATABASE_URL, CLUSTER: '1' };
	const a = await startNode('a', BASE_PORT + 1, dataDir, extra);
	const b = await startNode('b', BASE_PORT + 2, dataDir, extra);
	const proxy = await startHaproxy(BASE_PORT, a.port, b.port);
	const origin = `http://127.0.0.1:${BASE_PORT}`;
	const cookie = await login(BASE_PORT);
	const ws = (port: number) => `ws://127.0.0.1:${port}/sync`;
	const nodes = { a, b };
	const pairs = await connectPairs(
		FAMILIES,
		() => ({ url: ws(BASE_PORT), origin }),
		(i, firstNode) => {
			const same = i % 2 === 0;
			const other = firstNode === 'a' ? 'b' : 'a';
			const node = nodes[(same ? firstNode : other) as 'a' | 'b'] ?? a;
			return { url: ws(node.port), origin, kind: same ? 'same' : 'cross' };
		},
		cookie
	);
	const sql = new pg.Client({ connectionString: DATABASE_URL });
	await sql.connect();
	const before = { a: cpuSeconds(a.child.pid!), b: cpuSeconds(b.child.pid!) };
	const pg0 = await pgCounters(sql);
	const r = await run(pairs);
	const pg1 = await pgCounters(sql);
	const cpu = {
		'node a': cpuSeconds(a.child.pid!) - before.a,
		'node b': cpuSeconds(b.child.pid!) - before.b
	};
	const secs = SECONDS + 2;
	report(
		`cluster (2 nodes + PostgreSQL + HAProxy, ${pairs.length * 2} clients on ${FAMILIES} families)`,
		r,
		cpu,
		`; PostgreSQL ${((pg1.commits - pg0.commits) / secs).toFixed(1)} commits/s, ` +
			`${((pg1.rows - pg0.rows) / secs).toFixed(1)} rows inserted/s`
	);
	close(pairs);
	await sql.end();
	proxy.kill('SIGTERM');
	for (const n of [a, b]) n.child.kill('SIGTERM');
	await Promise.all([a, b].map((n) => new Promise((res) => n.child.once('exit', res))));
	fs.rmSync(dataDir, { recursive: true, force: true });
}

async function single() {
	const dataDir = fs.mkdtempSync('/tmp/asysta-sbench-');
	fs.cpSync(TEMPLATE, dataDir, { recursive: true });
	const n = await startNode('single', BASE_PORT + 3, dataDir, {});
	const origin = `http://127.0.0.1:${n.port}`;
	const cookie = await login(n.port);
	const url = `ws://127.0.0.1:${n.port}/sync`;
	const pairs = await connectPairs(
		FAMILIES,
		() => ({ url, origin }),
		() => ({ url, origin, kind: 'same' }),
		cookie
	);
	const before = cpuSeconds(n.child.pid!);
	const r = await run(pairs);
	report(`single node on SQLite (${pairs.length * 2} clients on ${FAMILIES} families)`, r, {
		node: cpuSeconds(n.child.pid!) - before
	});
	close(pairs);
	n.child.kill('SIGTERM');
	await new Promise((res) => n.child.once('exit', res));
	fs.rmSync(dataDir, { recursive: true, force: true });
}

console.log(
	`Asysta cluster bench: ${FAMILIES} families x 2 clients, one edit per client every ` +
		`${EDIT_EVERY_MS / 1000} s for ${SECONDS} s`
);
await cluster();
await single();
process.exit(0);
