/**
 * The y-websocket clients of a cluster bench run (cluster.ts): two per family, the node that took
 * each socket, connected in waves and closed at the end.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType } from '../../src/lib/sync/protocol.js';

/** One client: its document, its provider and the node that took its socket. */
export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** The node that took the socket. */
	node: string;
}

/** A y-websocket client; resolves once synced, with the node that answered the upgrade. */
export function connect(
	url: string,
	docName: string,
	cookie: string,
	origin: string
): Promise<Client> {
	let node = '';
	class Ws extends WebSocket {
		constructor(address: string, protocols?: string | string[]) {
			super(address, protocols, { headers: { cookie, origin } });
			this.once('upgrade', (res) => (node ||= String(res.headers['x-asysta-node'] ?? '')));
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(url, docName, doc, {
		// y-websocket types the polyfill as the DOM WebSocket; `ws` matches it at runtime.
		WebSocketPolyfill: Ws as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	// Our server's own messages (stored-state acknowledgements, notices) mean nothing here.
	provider.messageHandlers[MessageType.persisted] = () => {};
	provider.messageHandlers[MessageType.notice] = () => {};
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${docName}: no sync in 60 s`)), 60_000);
		provider.once('sync', () => {
			clearTimeout(timer);
			resolve({ doc, provider, node });
		});
	});
}

/** The two clients of one family, on one node or on two. */
export interface Pair {
	kind: 'same' | 'cross';
	a: Client;
	b: Client;
}

/** Connects both clients of `families` families, in waves of 50. */
export async function connectPairs(
	families: number,
	first: (i: number) => { url: string; origin: string },
	second: (i: number, firstNode: string) => { url: string; origin: string; kind: Pair['kind'] },
	cookie: string
): Promise<Pair[]> {
	const pairs: Pair[] = [];
	// In waves, so the connect storm does not time out on two cores.
	for (let start = 0; start < families; start += 50) {
		const wave = Array.from({ length: Math.min(50, families - start) }, (_, k) => start + k);
		pairs.push(
			...(await Promise.all(
				wave.map(async (i) => {
					const f = first(i);
					const a = await connect(f.url, `bench-${i}`, cookie, f.origin);
					const s = second(i, a.node);
					const b = await connect(s.url, `bench-${i}`, cookie, s.origin);
					return { kind: s.kind, a, b };
				})
			))
		);
	}
	return pairs;
}

/** Closes every client of `pairs`. */
export function close(pairs: Pair[]) {
	for (const p of pairs)
		for (const c of [p.a, p.b]) {
			c.provider.destroy();
			c.doc.destroy();
		}
}
