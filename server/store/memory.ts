/**
 * An in-memory DocStore for tests and harnesses. It keeps the same invariants as the SQLite
 * store (atomic commit, exact bytes, copies in and out) so the contract suite runs on it too.
 */
import type {
	CheckpointRow,
	ClientBinding,
	CommitBatch,
	DocStore,
	LoadedDoc,
	UpdateRow
} from './doc-store.js';

interface DocData {
	updates: Map<number, UpdateRow>;
	checkpoints: CheckpointRow[];
	clients: Map<number, ClientBinding>;
}

/** DocStore held in Maps; nothing survives the process. */
export class MemoryDocStore implements DocStore {
	readonly #docs = new Map<string, DocData>();

	#doc(name: string): DocData {
		let d = this.#docs.get(name);
		if (!d) {
			d = { updates: new Map(), checkpoints: [], clients: new Map() };
			this.#docs.set(name, d);
		}
		return d;
	}

	async load(docName: string): Promise<LoadedDoc> {
		const d = this.#docs.get(docName);
		if (!d) return { checkpoint: null, updates: [], lastSeq: 0, clients: [] };
		let cp: CheckpointRow | null = null;
		for (const c of d.checkpoints) {
			if (!cp || c.uptoSeq > cp.uptoSeq || (c.uptoSeq === cp.uptoSeq && c.epoch > cp.epoch)) cp = c;
		}
		const upto = cp?.uptoSeq ?? 0;
		const seqs = [...d.updates.keys()].sort((a, b) => a - b);
		return {
			checkpoint: cp ? { epoch: cp.epoch, uptoSeq: upto, state: cp.state.slice() } : null,
			updates: seqs
				.filter((s) => s > upto)
				.map((seq) => ({ seq, bytes: (d.updates.get(seq) as UpdateRow).bytes.slice() })),
			lastSeq: Math.max(upto, seqs.at(-1) ?? 0),
			clients: [...d.clients.values()].map((c) => ({ ...c }))
		};
	}

	async commit(batch: CommitBatch): Promise<void> {
		// Validate the whole batch first, so a rejected commit stores nothing (DS4).
		const seen = new Set<string>();
		for (const u of batch.updates) {
			const key = `${u.docName}\u0000${u.seq}`;
			if (seen.has(key) || this.#docs.get(u.docName)?.updates.has(u.seq)) {
				throw new Error(`duplicate update ${u.docName}#${u.seq}`);
			}
			seen.add(key);
		}
		for (const u of batch.updates) {
			this.#doc(u.docName).updates.set(u.seq, {
				...u,
				clientIds: [...u.clientIds],
				bytes: u.bytes.slice()
			});
		}
		for (const c of batch.checkpoints) {
			const d = this.#doc(c.docName);
			d.checkpoints = d.checkpoints.filter((x) => x.epoch !== c.epoch || x.uptoSeq !== c.uptoSeq);
			d.checkpoints.push({ ...c, state: c.state.slice() });
		}
		for (const c of batch.clients ?? []) {
			const d = this.#doc(c.docName);
			if (!d.clients.has(c.clientId)) d.clients.set(c.clientId, { ...c });
		}
	}

	async close(): Promise<void> {
		this.#docs.clear();
	}
}
