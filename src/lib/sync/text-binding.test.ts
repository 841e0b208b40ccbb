import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffText, transformPosition } from './text-binding';

describe('text binding', () => {
	it('[SY2] turns an edit into the minimal delete and insert', () => {
		expect(diffText('Ala ma kota', 'Ala ma psa')).toEqual({ index: 7, remove: 3, insert: 'ps' });
		expect(diffText('abc', 'abc')).toEqual({ index: 3, remove: 0, insert: '' });
		expect(diffText('aaa', 'aaaa')).toEqual({ index: 3, remove: 0, insert: 'a' });
	});

	it('[SY2] keeps the caret after text someone else inserted before it', () => {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		text.insert(0, 'abcdef');
		let delta: { retain?: number; insert?: unknown; delete?: number }[] = [];
		text.observe((e) => (delta = e.delta as typeof delta));
		text.insert(1, 'XY');
		expect(transformPosition(4, delta)).toBe(6);
		expect(transformPosition(0, delta)).toBe(0);
		text.delete(0, 3);
		expect(transformPosition(6, delta)).toBe(3);
		expect(transformPosition(1, delta)).toBe(0);
	});
});
