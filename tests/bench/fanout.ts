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
 * client library to the product for a transport it may not choose. The transports are in
 * fanout-transports.ts. Started by fanout.sh, which starts a throw-away PostgreSQL and
 * redis-server. A benchmark, not a test: nothing asserts time.
 */
import { performance } from 'node:perf_hooks';
import { pgTransport, redisTransport, type Transport } from './fanout-transports.js';

const RATES = (process.env.RATES ?? '100,1000,5000').split(',').map(Number);
const SECONDS = Number(process.env.SECONDS ?? '10');
const ROUNDS = Number(process.env.ROUNDS ?? '2');

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

const selfTicks = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 10_000;
};

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
