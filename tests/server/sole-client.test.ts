/**
 * [RM16] The header read that spares a keystroke the full parse must name the same writer as the
 * full parse (Y.parseUpdateMeta), or say it cannot.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { soleClientOf } from '../../server/messages.js';

function edits(clientID: number, edit: (d: Y.Doc) => void, base?: Uint8Array): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	if (base) Y.applyUpdate(doc, base);
	const sv = Y.encodeStateVector(doc);
	edit(doc);
	return Y.encodeStateAsUpdate(doc, sv);
}

describe('soleClientOf', () => {
	it('RM16: names the one client of a keystroke, as the full parse does', () => {
		const u = edits(41, (d) => d.getText('t').insert(0, 'abc'));
		expect(soleClientOf(u)).toBe(41);
		expect([...Y.parseUpdateMeta(u).to.keys()]).toEqual([41]);
	});

	it('RM16: a deletion of another writer\u2019s text carries no struct: nobody to claim', () => {
		const base = edits(7, (d) => d.getText('t').insert(0, 'abcdef'));
		const del = edits(8, (d) => d.getText('t').delete(1, 2), base);
		expect(Y.parseUpdateMeta(del).to.size).toBe(0);
		expect(soleClientOf(del)).toBeUndefined();
	});

	it('RM16: an update under two clients is left to the full parse', () => {
		const a = edits(1, (d) => d.getText('t').insert(0, 'x'));
		const b = edits(2, (d) => d.getText('t').insert(0, 'y'));
		expect(soleClientOf(Y.mergeUpdates([a, b]))).toBeNull();
	});

	it('RM16: a header that does not read is left to the full parse, never trusted', () => {
		expect(soleClientOf(new Uint8Array([1, 0x80]))).toBeNull();
		expect(soleClientOf(new Uint8Array([]))).toBeNull();
	});
});
