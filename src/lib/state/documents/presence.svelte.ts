/**
 * Who else has the document open, and what they are editing. Awareness is not stored; the server
 * overwrites each socket's `user` (name, colour) from its session, so names cannot be spoofed.
 * Anything that does not parse is ignored.
 */
import { z } from 'zod';
import type { DocHandle } from '$lib/sync/connect';

const AwarenessUser = z.object({
	name: z.string().min(1).max(200),
	color: z.string().regex(/^#[0-9a-fA-F]{6}$/)
});
const AwarenessState = z.object({
	user: AwarenessUser,
	focus: z.string().max(200).nullish()
});

/** Another person with the document open. */
export interface Peer {
	clientId: number;
	name: string;
	color: string;
	/** What they edit, e.g. 'action:<id>', or null. */
	focus: string | null;
}

export class PresenceState {
	/** Others present now (this tab excluded), sorted by name. */
	others = $state.raw<Peer[]>([]);
	#handle: DocHandle;
	#refresh = () => {
		const me = this.#handle.awareness.clientID;
		const peers: Peer[] = [];
		for (const [clientId, raw] of this.#handle.awareness.getStates()) {
			if (clientId === me) continue;
			const s = AwarenessState.safeParse(raw);
			if (!s.success) continue;
			peers.push({
				clientId,
				name: s.data.user.name,
				color: s.data.user.color,
				focus: s.data.focus ?? null
			});
		}
		peers.sort((a, b) => a.name.localeCompare(b.name, 'pl') || a.clientId - b.clientId);
		this.others = peers;
	};

	constructor(handle: DocHandle, me: { name: string; color: string }) {
		this.#handle = handle;
		// The server replaces `user` with the session's; set here so the state is never empty.
		handle.awareness.setLocalStateField('user', { name: me.name, color: me.color });
		handle.awareness.setLocalStateField('focus', null);
		handle.awareness.on('change', this.#refresh);
		this.#refresh();
	}

	/** Tells others what this user edits now ('action:<id>', 'goal:<id>', 'notes') or null. */
	setFocus(focus: string | null): void {
		if (this.#handle.awareness.getLocalState()?.focus === focus) return;
		this.#handle.awareness.setLocalStateField('focus', focus);
	}

	/** Others editing the given target. */
	editing(target: string): Peer[] {
		return this.others.filter((p) => p.focus === target);
	}

	destroy(): void {
		this.setFocus(null);
		this.#handle.awareness.off('change', this.#refresh);
	}
}
