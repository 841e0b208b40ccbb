/**
 * [CL1–CL5][CL9] The rooms' side of many nodes: rows and awareness other nodes send reach the rooms
 * loaded here, a room loaded here learns which stored seqs it holds and sends its awareness out,
 * and a gap in what it heard of is read from the store. A single node has none of this (no work
 * per update). Apart from rooms.ts because the lifecycle is the same with or without other
 * nodes; only these steps are added to it.
 */
import type { Room } from './room.js';
import type { DocStore } from './store/doc-store.js';
import {
	Coverage,
	type ClusterLink,
	type ClusterSignal,
	type RowsMessage
} from './cluster/cluster.js';
import { awarenessClients, RemoteAwareness } from './cluster/remote-awareness.js';

/** What the cluster side reads and keeps in a room's registry entry. */
export interface ClusterEntry {
	room: Room;
	phase: 'loading' | 'live' | 'unloading';
	/** [CL1] Rows messages that arrived while the room loaded, handled once it is live. */
	early?: [RowsMessage, boolean][];
	/** [CL5] A read of the stored state is running (`again`: one more is due after it). */
	catchingUp?: { again: boolean };
}

/** The link to the other nodes, as the rooms of this one use it. */
export class ClusterRooms {
	/** [CL9] Which other node sent which awareness entries (dropped when it goes silent). */
	readonly #remoteAwareness = new RemoteAwareness();

	constructor(
		private readonly rooms: ReadonlyMap<string, ClusterEntry>,
		private readonly link: ClusterLink,
		private readonly store: DocStore,
		private readonly log: (msg: string) => void
	) {}

	/** [CL1–CL5] What other nodes store, see and signal (to `signal`) reaches this node's rooms. */
	attach(signal: (s: ClusterSignal) => void): void {
		this.link.attach({
			rows: (m, own) => this.#rows(m, own),
			awareness: (m) => {
				const entry = this.rooms.get(m.doc);
				if (!entry || entry.phase === 'loading') return;
				this.#remoteAwareness.heard(m.node, m.doc, awarenessClients(m.update));
				entry.room.remoteAwareness.applyRemote(m.update);
			},
			signal,
			resync: () => {
				for (const name of this.rooms.keys()) this.#catchUp(name);
			},
			nodeGone: (node) => {
				for (const [doc, ids] of this.#remoteAwareness.gone(node)) {
					const entry = this.rooms.get(doc);
					if (entry && entry.phase !== 'loading') entry.room.remoteAwareness.dropRemote(ids);
				}
			}
		});
	}

	/** The room of `name` is gone: its awareness went with it. */
	unloaded(name: string): void {
		this.#remoteAwareness.forgetDoc(name);
	}

	/** A room whose stored state is in: it holds the stored seqs up to `lastSeq` (CL2, CL3). */
	loaded(room: Room, name: string, lastSeq: number): void {
		const cluster = this.link;
		room.coverage = new Coverage(lastSeq);
		room.onAwarenessOut = (update) => cluster.publishAwareness(name, update);
	}

	/** The room is live: the rows messages that arrived while it loaded are handled now. */
	live(entry: ClusterEntry): void {
		for (const [m, own] of entry.early?.splice(0) ?? []) this.#rows(m, own);
	}

	/**
	 * [CL1][CL2] Rows some node stored for a document loaded here: another node's are applied and
	 * sent to the room's sockets (never stored again); this node's own only extend the coverage.
	 * A gap — a message missed, or rows too large to travel inline — reads the stored state (CL5).
	 */
	#rows(m: RowsMessage, own: boolean): void {
		const entry = this.rooms.get(m.doc);
		if (!entry) return;
		if (entry.phase === 'loading') {
			(entry.early ??= []).push([m, own]);
			return;
		}
		const room = entry.room;
		const coverage = room.coverage;
		if (!coverage) return;
		const seqs = m.from !== undefined && m.to !== undefined ? { from: m.from, to: m.to } : null;
		if (own) {
			if (seqs && coverage.add(seqs.from, seqs.to)) this.#catchUp(m.doc);
			return;
		}
		if (m.more) return this.#catchUp(m.doc);
		if (m.clients) room.applyRemote([], m.clients);
		if (!seqs || seqs.to <= coverage.upto) return;
		if (!m.bytes) return this.#catchUp(m.doc);
		room.applyRemote(m.bytes);
		if (coverage.add(seqs.from, seqs.to)) this.#catchUp(m.doc);
	}

	/**
	 * [CL5] Reads a loaded document's stored state and applies what the room lacks: after a gap
	 * in the seqs it heard of, or when the link was down. One read at a time per room.
	 */
	#catchUp(name: string): void {
		const entry = this.rooms.get(name);
		if (!entry || entry.phase === 'loading' || !entry.room.coverage) return;
		if (entry.catchingUp) {
			entry.catchingUp.again = true;
			return;
		}
		const state = (entry.catchingUp = { again: false });
		// [DS16] Only what is newer than the seqs the room holds without a gap: a missed message
		// costs its rows, not a read of the whole document.
		void this.store
			.load(name, { after: entry.room.coverage.upto })
			.then(
				(loaded) => {
					const room = entry.room;
					const coverage = room.coverage;
					if (!coverage || this.rooms.get(name) !== entry) return;
					room.applyRemote(
						[
							...(loaded.checkpoint ? [loaded.checkpoint.state] : []),
							...loaded.updates.map((u) => u.bytes)
						],
						loaded.clients.map((c) => [c.clientId, c.userId] as const)
					);
					coverage.raise(loaded.lastSeq);
				},
				(err: unknown) => this.log(`Asysta cluster: reading ${name} failed: ${String(err)}`)
			)
			.finally(() => {
				entry.catchingUp = undefined;
				if (state.again) this.#catchUp(name);
			});
	}
}
