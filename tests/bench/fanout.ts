/**
 * Issue 16, "PostgreSQL LISTEN/NOTIFY, or Redis pub/sub if measurements say so": the two
 * transports side by side in one run, carrying what the cluster link carries (server/cluster):
 * a rows message of one commit (a keystroke's bytes as base64 in JSON, ~300 bytes) from one node
 * to another. Both sides coalesce per event-loop turn as pg-link.ts does (PostgreSQL: one
 * `SELECT pg_notify … FROM unnest(…)` per turn; Redis: the turn's PUBLISH commands in one write).
 * Measured, per rate: delivered, latency p50/p99 from send to receipt (one process, one clock),
 * and CPU seconds of the broker process (the PostgreSQL backends, redis-server) and of this
 * process. Rounds alternate PG/Redis so drift on a shared machine falls on both.
 *
 * Redis is spoken in RESP by hand (PUBLISH and SUBSCRIBE only): a benchmark should not add a
 * client library to the product for a transport it may not choose. Started by fanout.sh, which
 * starts a throw-away PostgreSQL and redis-server. A benchmark, not a test: nothing asserts time.
 */
import fs from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

const RATES = (process.env.RATES ?? '100,1000,5000').split(',').map(Number);
const SECONDS = Number(process.env.SECONDS ?? '10');
const ROUNDS = Number(process.env.ROUNDS ?? '2');
const PG_URL = process.env.BENCH_DATABASE_URL!;
const REDIS_PORT = Number(process.env.BENCH_REDIS_PORT);
const REDIS_PID = Number(process.env.BENCH_REDIS_PID);
const CHANNEL = 'asysta_bench';

/** What one commit of one keystroke announces (cluster.ts rowsPayload), padded per message. */
function payload(i: number, sentAt: number): string {
	const bytes = Buffer.alloc(180, i % 251).toString('base64');
	return JSON.stringify({
		k: 'r',
		n: 'node-a',
		d: `bench-${i % 1000}`,
		f: i,
		t: i,
		b: [bytes],
		s: sentAt
	});
}

interface Transport {
	name: string;
	send(batch: string[]): Promise<void>;
	onMessage(fn: (p: string) => void): void;
	/** CPU ticks (1/100 s) of the broker's processes serving this transport. */
	brokerTicks(): Promise<number>;
	close(): Promise<void>;
}

const ticksOf = (pid: number): number => {
	try {
		const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return Number(f[11]) + Number(f[12]);
	} catch {
		return 0;
	}
};
const selfTicks = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 10_000;
};

async function pgTransport(): Promise<Transport> {
	const listener = new pg.Client({ connectionString: PG_URL });
	const sender = new pg.Client({ connectionString: PG_URL });
	await listener.connect();
	await sender.connect();
	await listener.query(`LISTEN ${CHANNEL}`);
	const pidOf = async (c: pg.Client) =>
		(await c.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0].p;
	const pids = [await pidOf(listener), await pidOf(sender)];
	let handler: (p: string) => void = () => {};
	listener.on('notification', (n) => n.payload && handler(n.payload));
	return {
		name: 'PostgreSQL NOTIFY',
		send: async (batch) => {
			await sender.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [CHANNEL, batch]);
		},
		onMessage: (fn) => (handler = fn),
		// The backends' own ticks plus the postmaster's WAL-less share is nil for NOTIFY.
		brokerTicks: async () => pids.reduce((s, p) => s + ticksOf(p), 0),
		close: async () => {
			await listener.end();
			await sender.end();
		}
	};
}

/** RESP: one command as an array of bulk strings. */
const resp = (...args: string[]) =>
	`*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');

function connectRedis(): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const s = net.createConnection({ host: '127.0.0.1', port: REDIS_PORT }, () => resolve(s));
		s.once('error', reject);
		s.setNoDelay(true);
	});
}

async function redisTransport(): Promise<Transport> {
	const sub = await connectRedis();
	const pub = await connectRedis();
	let handler: (p: string) => void = () => {};
	// Subscriber side: `*3 $7 message $<n> channel $<n> payload`, possibly split across chunks.
	let buf = Buffer.alloc(0);
	sub.on('data', (chunk) => {
		buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
		for (;;) {
			const parts = readArray(buf);
			if (!parts) break;
			buf = buf.subarray(parts.used);
			if (parts.items[0] === 'message') handler(parts.items[2]);
		}
	});
	const subscribed = new Promise<void>((r) => sub.once('data', () => r()));
	sub.write(resp('SUBSCRIBE', CHANNEL));
	await subscribed;
	// Publisher side: one reply line (`:<receivers>`) per PUBLISH; counted so a round can end.
	let pendingReplies = 0;
	let drained: (() => void) | null = null;
	pub.on('data', (chunk) => {
		for (const b of chunk) if (b === 0x0a) pendingReplies--;
		if (pendingReplies === 0) drained?.();
	});
	return {
		name: 'Redis pub/sub',
		send: (batch) =>
			new Promise<void>((resolve) => {
				pendingReplies += batch.length;
				drained = resolve;
				pub.write(batch.map((p) => resp('PUBLISH', CHANNEL, p)).join(''));
			}),
		onMessage: (fn) => (handler = fn),
		brokerTicks: async () => ticksOf(REDIS_PID),
		close: async () => {
			sub.destroy();
			pub.destroy();
		}
	};
}

/** Reads one RESP array of bulk strings from the front of `b`, or null if incomplete. */
function readArray(b: Buffer): { items: string[]; used: number } | null {
	let i = 0;
	const line = () => {
		const end = b.indexOf('\r\n', i);
		if (end < 0) return null;
		const s = b.toString('latin1', i, end);
		i = end + 2;
		return s;
	};
	const head = line();
	if (head === null) return null;
	const n = Number(head.slice(1));
	const items: string[] = [];
	for (let k = 0; k < n; k++) {
		const h = line();
		if (h === null) return null;
		if (h[0] === ':') {
			items.push(h.slice(1));
			continue;
		}
		const len = Number(h.slice(1));
		if (b.length < i + len + 2) return null;
		items.push(b.toString('utf8', i, i + len));
		i += len + 2;
	}
	return { items, used: i };
}

interface Result {
	sent: number;
	got: number;
	lat: number[];
	brokerS: number;
	selfS: number;
}

async function round(t: Transport, rate: number): Promise<Result> {
	const lat: number[] = [];
	let got = 0;
	t.onMessage((p) => {
		const m = JSON.parse(p) as { s: number };
		lat.push(performance.now() - m.s);
		got++;
	});
	const b0 = await t.brokerTicks();
	const s0 = selfTicks();
	let outbox: string[] = [];
	let flushing: Promise<void> | null = null;
	const flush = async () => {
		while (outbox.length) {
			const batch = outbox;
			outbox = [];
			await t.send(batch);
		}
		flushing = null;
	};
	const total = rate * SECONDS;
	const start = performance.now();
	let sent = 0;
	// A steady schedule: every millisecond, whatever the rate says is due by now.
	await new Promise<void>((resolve) => {
		const timer = setInterval(() => {
			const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
			for (; sent < due; sent++) outbox.push(payload(sent, performance.now()));
			if (outbox.length && !flushing) flushing = flush();
			if (sent >= total) {
				clearInterval(timer);
				resolve();
			}
		}, 1);
	});
	await flushing;
	// Let the last messages arrive (delivery is counted, not assumed).
	const deadline = performance.now() + 3000;
	while (got < sent && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
	return {
		sent,
		got,
		lat,
		brokerS: ((await t.brokerTicks()) - b0) / 100,
		selfS: (selfTicks() - s0) / 100
	};
}

const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const median = (xs: number[]) => pct(xs, 50);

const transports = [await pgTransport(), await redisTransport()];
console.log(
	`fan-out bench: ${SECONDS} s per round, ${ROUNDS} round(s) per transport and rate, alternating`
);
for (const rate of RATES) {
	const per = new Map<string, Result[]>();
	for (let r = 0; r < ROUNDS; r++) {
		const order = r % 2 === 0 ? transports : [...transports].reverse();
		for (const t of order) {
			const res = await round(t, rate);
			per.set(t.name, [...(per.get(t.name) ?? []), res]);
		}
	}
	for (const [name, rs] of per) {
		const lat = rs.flatMap((r) => r.lat);
		const sent = rs.reduce((s, r) => s + r.sent, 0);
		const got = rs.reduce((s, r) => s + r.got, 0);
		console.log(
			`${String(rate).padStart(5)}/s  ${name.padEnd(18)} delivered ${((100 * got) / sent).toFixed(2)} %` +
				`  p50 ${pct(lat, 50).toFixed(2)} ms  p99 ${pct(lat, 99).toFixed(2)} ms` +
				`  broker CPU ${median(rs.map((r) => r.brokerS)).toFixed(2)} s` +
				`  node CPU ${median(rs.map((r) => r.selfS)).toFixed(2)} s (median per round)`
		);
	}
}
for (const t of transports) await t.close();
