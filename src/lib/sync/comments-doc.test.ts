import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRemark, readRemarks } from './comments-doc';
import { commentsRoots } from './doc-schema';

const author = { authorId: 'u1', authorName: 'Kasia', authorRole: 'kurator' };

describe('comments document', () => {
	it('[AC6] remarks are appended, tied to an item, and merge from two devices', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		expect(addRemark(a, { ...author, itemId: 'act-1', text: 'Proszę o termin.' }).ok).toBe(true);
		expect(addRemark(b, { ...author, itemId: 'act-1', text: 'Druga uwaga' }).ok).toBe(true);
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(
			readRemarks(a)
				.remarks.map((r) => r.text)
				.sort()
		).toEqual(['Druga uwaga', 'Proszę o termin.']);
		expect(readRemarks(a)).toEqual(readRemarks(b));
	});

	it('[AC6] empty text is refused with a Polish message and writes nothing; bad peers are skipped', () => {
		const d = new Y.Doc();
		expect(addRemark(d, { ...author, itemId: 'x', text: '   ' })).toEqual({
			ok: false,
			error: 'Wpisz treść uwagi.'
		});
		commentsRoots(d).remarks.push([{ id: 1 }, 'śmieć']);
		addRemark(d, { ...author, itemId: 'x', text: 'ok' });
		expect(readRemarks(d)).toMatchObject({ invalid: 2, remarks: [{ text: 'ok' }] });
	});
});
