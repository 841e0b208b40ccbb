/**
 * [CL9] Awareness entries that came from other nodes, by node: when a node goes silent (killed,
 * cut off) its sockets can no longer say goodbye, so the nodes that still hold its entries drop
 * them themselves instead of showing ghost cursors until y-protocols' 30 s timeout. Silence is
 * measured by the link (every node says it is alive every ALIVE_MS); this file only remembers who
 * said what.
 */
import * as decoding from 'lib0/decoding';

/** How often a node says it is alive (any message counts as well). */
export const ALIVE_MS = 2_000;
/** A node not heard for this long is gone: three missed beats. */
export const GONE_AFTER_MS = 3 * ALIVE_MS;

/** The client ids an awareness update speaks for (its entries; malformed: none). */
export function awarenessClients(update: Uint8Array): number[] {
	try {
		const d = decoding.createDecoder(update);
		const n = decoding.readVarUint(d);
		const ids: number[] = [];
		for (let i = 0; i < n; i++) {
			ids.push(decoding.readVarUint(d));
			decoding.readVarUint(d); // clock
			decoding.readVarString(d); // state
		}
		return ids;
	} catch {
		return [];
	}
}

/** Per remote node, per document: the client ids whose awareness that node sent. */
export class RemoteAwareness {
	readonly #byNode = new Map<string, Map<string, Set<number>>>();

	/** Notes that `node` spoke for these ids in `doc` (a later node speaking for one takes it). */
	heard(node: string, doc: string, clientIds: readonly number[]): void {
		for (const [other, docs] of this.#byNode)
			if (other !== node) for (const id of clientIds) docs.get(doc)?.delete(id);
		let docs = this.#byNode.get(node);
		if (!docs) this.#byNode.set(node, (docs = new Map()));
		let ids = docs.get(doc);
		if (!ids) docs.set(doc, (ids = new Set()));
		for (const id of clientIds) ids.add(id);
	}

	/** Forgets a document (its room unloaded: its awareness went with it). */
	forgetDoc(doc: string): void {
		for (const docs of this.#byNode.values()) docs.delete(doc);
	}

	/** The entries of a node that went silent, per document; the node is forgotten. */
	gone(node: string): Map<string, number[]> {
		const docs = this.#byNode.get(node);
		this.#byNode.delete(node);
		return new Map([...(docs ?? [])].map(([doc, ids]) => [doc, [...ids]]));
	}
}
