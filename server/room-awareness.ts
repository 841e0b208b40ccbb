/**
 * A room's awareness (who is in the document, where they are): the server speaks for nobody,
 * each socket's entry carries the name fixed at its upgrade, and nobody speaks for a client id
 * another live socket holds (RM8, RM9). Announcing an id binds it (RM16). Apart from room.ts
 * because awareness never touches the document's content or its rows.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { CloseCode } from '../src/lib/sync/protocol.js';
import { REMOTE_ORIGIN } from '../src/lib/sync/origins.js';
import { decodeAwarenessUpdate, encodeAwarenessUpdate } from './awareness-guard.js';
import type { SyncConfig } from './config.js';
import { isSubmitter, type Connection } from './connection.js';
import * as msg from './messages.js';
import type { RoomCommits } from './room-commits.js';

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/** The room as its awareness sees it. */
export interface AwarenessHost {
	readonly conns: Set<Connection>;
	/** [RM16] Client id → user id. */
	readonly owners: Map<number, string>;
	/** [CL3] With other nodes: this node's awareness changes go to them. */
	readonly onAwarenessOut: ((update: Uint8Array) => void) | null;
}

/** The awareness of one room and the checks on what its sockets announce. */
export class RoomAwareness {
	readonly awareness: awarenessProtocol.Awareness;

	constructor(
		doc: Y.Doc,
		private readonly room: AwarenessHost,
		private readonly commits: RoomCommits,
		private readonly config: SyncConfig
	) {
		this.awareness = new awarenessProtocol.Awareness(doc);
		// The server speaks for nobody in awareness.
		this.awareness.setLocalState(null);
		this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
			const changed = [...added, ...updated, ...removed];
			const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
			const frame = msg.encodeAwareness(update);
			// Echoed to the sender too: it keeps a lone client's socket alive (stack.md §5).
			for (const c of this.room.conns) if (c.ready && !isSubmitter(c)) c.send(frame);
			// [CL3] Each node times out the entries it holds itself; only what happened here goes out.
			if (this.room.onAwarenessOut && origin !== REMOTE_ORIGIN && origin !== 'timeout')
				this.room.onAwarenessOut(update);
		});
	}

	/** Shows a socket that just joined who is here (not a write-only one, NK2). */
	greet(conn: Connection): void {
		const states = [...this.awareness.getStates().keys()];
		if (states.length > 0 && !isSubmitter(conn)) {
			conn.send(
				msg.encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states))
			);
		}
	}

	/** Answers a socket's query with every entry. */
	answerQuery(conn: Connection): void {
		const ids = [...this.awareness.getStates().keys()];
		const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
		conn.send(msg.encodeAwareness(update));
	}

	/** Removes a socket's entry once it left, unless another socket still holds its id. */
	remove(conn: Connection): void {
		if (conn.clientId !== null && !this.#ownerOf(conn.clientId, conn)) {
			awarenessProtocol.removeAwarenessStates(this.awareness, [conn.clientId], null);
		}
	}

	#ownerOf(clientId: number, except: Connection): Connection | null {
		for (const c of this.room.conns) if (c !== except && c.clientId === clientId) return c;
		return null;
	}

	/** A socket whose session opened `conn` later: the same device, reconnected. */
	#isStaleSocketOf(owner: Connection, conn: Connection): boolean {
		return owner.info.sessionId === conn.info.sessionId;
	}

	/** Applies what a socket announces: its own entry, named as the upgrade fixed it (RM8, RM9). */
	apply(conn: Connection, update: Uint8Array): void {
		const entries = decodeAwarenessUpdate(update, this.config.maxAwarenessBytes);
		if (!entries) return conn.close(CloseCode.malformed, 'malformed awareness');
		const accepted = [];
		for (const e of entries) {
			let owner = this.#ownerOf(e.clientId, conn);
			if (conn.clientId === null && owner && this.#isStaleSocketOf(owner, conn)) {
				// The same session reconnected after a network drop the server has not noticed yet
				// (no TCP close arrives when the network is simply gone): its old socket is dead
				// and must not make the new one look like a spoofer (RM9).
				owner.close(CloseCode.superseded, 'superseded by a newer connection');
				owner = null;
			}
			const boundTo = this.room.owners.get(e.clientId);
			if (conn.clientId === null && !owner && (boundTo ?? conn.info.userId) === conn.info.userId) {
				// [RM16] Announcing an id binds it: awareness shows every id to the whole room, so
				// binding on first write alone would let a reader squat an id it has seen.
				conn.clientId = e.clientId;
				this.commits.bind(e.clientId, conn.info.userId);
			}
			if (e.clientId === conn.clientId) {
				const { name, color, staffRole: role } = conn.info;
				accepted.push({ ...e, state: e.state && { ...e.state, user: { name, color, role } } });
			} else if (owner && e.clock > (this.awareness.meta.get(e.clientId)?.clock ?? 0)) {
				// Honest clients echo others' entries with clocks the server sent them; a higher
				// clock for another live socket's id is an attempt to speak for it (RM9).
				return conn.close(CloseCode.malformed, 'foreign client id');
			}
		}
		if (accepted.length > 0) {
			awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(accepted), conn);
		}
	}

	/** [CL3] An awareness change of another node: applied here and sent to this room's sockets. */
	applyRemote(update: Uint8Array): void {
		awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
	}

	/**
	 * [CL9] The entries of a node that went silent: dropped here and on the room's sockets —
	 * unless a socket of this node now speaks for the id (its client reconnected here).
	 */
	dropRemote(clientIds: readonly number[]): void {
		const here = new Set<number>();
		for (const c of this.room.conns) if (c.clientId !== null) here.add(c.clientId);
		const ids = clientIds.filter((id) => !here.has(id) && this.awareness.states.has(id));
		if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, REMOTE_ORIGIN);
	}

	/** Stops the awareness (its timeout check). */
	destroy(): void {
		this.awareness.destroy();
	}
}
