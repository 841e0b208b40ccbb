import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fragmentBlocks } from './print-text';
import { listMarkers } from '../domain/print';

/** A fragment shaped as Tiptap's StarterKit writes it. */
function sample(): Y.XmlFragment {
	const doc = new Y.Doc();
	const f = doc.getXmlFragment('f');
	const p = new Y.XmlElement('paragraph');
	const t = new Y.XmlText();
	p.insert(0, [t]);
	const empty = new Y.XmlElement('paragraph');
	const list = new Y.XmlElement('orderedList');
	const items = ['pierwszy', 'drugi'].map((text) => {
		const li = new Y.XmlElement('listItem');
		const lp = new Y.XmlElement('paragraph');
		lp.insert(0, [new Y.XmlText(text)]);
		li.insert(0, [lp]);
		return li;
	});
	list.insert(0, items);
	const script = new Y.XmlElement('paragraph');
	script.insert(0, [new Y.XmlText('<script>alert(1)</script>')]);
	f.insert(0, [p, empty, list, script]);
	t.insert(0, 'Rodzina ');
	t.insert(8, 'spłaca', { bold: true });
	t.insert(14, ' dług.', { bold: null });
	return f;
}

describe('rich text in prints', () => {
	it('[DR9] a fragment prints as paragraphs, numbered items and marks; empty paragraphs are left out', () => {
		const blocks = fragmentBlocks(sample());
		expect(blocks).toHaveLength(4);
		expect(blocks[0]).toEqual({
			type: 'p',
			depth: 0,
			runs: [{ text: 'Rodzina ' }, { text: 'spłaca', bold: true }, { text: ' dług.' }]
		});
		expect(blocks.slice(1, 3).map((b) => [b.type, b.list, b.runs[0].text])).toEqual([
			['li', 'ol', 'pierwszy'],
			['li', 'ol', 'drugi']
		]);
		expect(listMarkers(blocks)).toEqual(['', '1.', '2.', '']);
	});

	it('[DR9] stored markup stays text: it is never turned into HTML', () => {
		const blocks = fragmentBlocks(sample());
		expect(blocks[3].runs[0].text).toBe('<script>alert(1)</script>');
		expect(fragmentBlocks(null)).toEqual([]);
	});
});
