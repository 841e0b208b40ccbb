/**
 * An in-memory DocStore for tests and harnesses. It keeps the same invariants as the SQLite
 * store (atomic commit, exact bytes, copies in and out) so the contract suite runs on it too.
 */
import type {
	CheckpointRow,
	ClientBinding,
	CommitBatch,
	CompactOptions,
	CompactResult,
	DocStore,
	Fold,
	LoadedDoc,
	LoadOptions,
	UpdateRow
} from './doc-store.js';
import { KeyedLock, planCompaction } from './compaction.js';

interface DocData {
	updates: Map<number, UpdateRow>;
	checkpoints: CheckpointRow[];
	clients: Map<number, ClientBinding>;
}

/** DocStore held in Maps; nothing survives the process. */
export class MemoryDocStore implements DocStore {
	readonly #docs = new Map<string, DocData>();
	readonly #lock = new KeyedLock();

	#doc(name: string): DocData {
		let d = this.#docs.get(name);
		if (!d) {
			d = { updates: new Map(), checkpoints: [], clients: new Map() };
			this.#docs.set(name, d);
		}
		return d;
	}

	async load(docName: string, options: LoadOptions = {}): Promise<LoadedDoc> {
		const after = options.after ?? 0;
		const d = this.#docs.get(docName);
		if (!d) return { checkpoint: null, updates: [], lastSeq: after, clients: [] };
		let cp: CheckpointRow | null = null;
		for (const c of d.checkpoints) {
			if (!cp || c.uptoSeq > cp.uptoSeq || (c.uptoSeq === cp.uptoSeq && c.epoch > cp.epoch)) cp = c;
		}
		const upto = cp?.uptoSeq ?? 0;
		const seqs = [...d.updates.keys()].sort((a, b) => a - b);
		return {
			checkpoint:
				cp && upto > after ? { epoch: cp.epoch, uptoSeq: upto, state: cp.state.slice() } : null,
			updates: seqs
				.filter((s) => s > Math.max(upto, after))
				.map((seq) => ({ seq, bytes: (d.updates.get(seq) as UpdateRow).bytes.slice() })),
			lastSeq: Math.max(upto, seqs.at(-1) ?? 0, after),
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

	async compact(
		docName: string,
		fold: Fold,
		options: CompactOptions
	): Promise<CompactResult | null> {
		return this.#lock.run(docName, async () => {
			const { checkpoint } = await this.load(docName);
			const upto = checkpoint?.uptoSeq ?? 0;
			const rows = [...(this.#docs.get(docName)?.updates.values() ?? [])]
				.sort((a, b) => a.seq - b.seq)
				.map((r) => ({ seq: r.seq, createdAt: r.createdAt, bytes: r.bytes.slice() }));
			const plan = planCompaction(rows, upto, options.before);
			if (plan.taken.length === 0) return null;
			const uptoSeq = plan.fold.at(-1)?.seq ?? upto;
			// Fold outside any state change: a commit that lands meanwhile is kept as is.
			const state = plan.fold.length > 0 ? await fold(checkpoint, plan.fold) : null;
			const d = this.#doc(docName);
			if (state) {
				const cp = { docName, epoch: options.epoch, uptoSeq, createdAt: options.now, state };
				await this.commit({ updates: [], checkpoints: [cp] });
			}
			for (const seq of plan.taken) d.updates.delete(seq);
			return { uptoSeq, folded: plan.fold.length, deleted: plan.taken.length };
		});
	}

	async close(): Promise<void> {
		this.#docs.clear();
	}
}
