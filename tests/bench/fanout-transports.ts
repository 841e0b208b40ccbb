/**
 * The two transports the fan-out bench (fanout.ts) compares, each a listener and a sender on the
 * broker fanout.sh started: PostgreSQL LISTEN/NOTIFY through pg, and Redis pub/sub spoken in RESP
 * by hand (PUBLISH and SUBSCRIBE only), each able to tell the CPU its broker spent.
 */
import fs from 'node:fs';
import net from 'node:net';
import pg from 'pg';

const PG_URL = process.env.BENCH_DATABASE_URL!;
const REDIS_PORT = Number(process.env.BENCH_REDIS_PORT);
const REDIS_PID = Number(process.env.BENCH_REDIS_PID);
const CHANNEL = 'asysta_bench';

/** One way to carry a rows message from one node to another. */
export interface Transport {
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

/** LISTEN/NOTIFY on two connections of the bench PostgreSQL. */
export async function pgTransport(): Promise<Transport> {
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

/** SUBSCRIBE and PUBLISH on two sockets to the bench redis-server. */
export async function redisTransport(): Promise<Transport> {
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
