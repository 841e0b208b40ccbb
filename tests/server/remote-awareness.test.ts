/**
 * [CL9] Which node sent which awareness entries, so a node that goes silent loses exactly its own.
 */
import { describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { awarenessClients, RemoteAwareness } from '../../server/cluster/remote-awareness.js';

describe('[CL9] remote awareness by node', () => {
	it('[CL9] reads the client ids of an awareness update; a malformed one speaks for nobody', () => {
		const a = new Awareness(new Y.Doc());
		const b = new Awareness(new Y.Doc());
		a.setLocalState({ cursor: 1 });
		b.setLocalState({ cursor: 2 });
		b.getStates().forEach((state, id) => a.states.set(id, state));
		a.meta.set(b.clientID, { clock: 0, lastUpdated: 0 });
		const update = encodeAwarenessUpdate(a, [a.clientID, b.clientID]);
		expect(awarenessClients(update)).toEqual([a.clientID, b.clientID]);
		expect(awarenessClients(Uint8Array.from([5, 1]))).toEqual([]);
	});

	it('[CL9] a silent node gives back its own entries, per document, once; an id another node took since is not among them', () => {
		const r = new RemoteAwareness();
		r.heard('a', 'plan', [1, 2]);
		r.heard('a', 'visits', [3]);
		r.heard('b', 'plan', [4]);
		// Client 2 reconnected through node b.
		r.heard('b', 'plan', [2]);
		expect(r.gone('a')).toEqual(
			new Map([
				['plan', [1]],
				['visits', [3]]
			])
		);
		expect(r.gone('a')).toEqual(new Map());
		r.forgetDoc('plan');
		expect(r.gone('b')).toEqual(new Map());
	});
});
