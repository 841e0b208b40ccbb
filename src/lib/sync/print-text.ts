/**
 * Rich-text fragments (Tiptap's ProseMirror nodes in a Y.XmlFragment) read as print blocks, so a
 * printout and a DOCX show the narrative as text with its paragraphs, lists and emphasis, without
 * loading the editor and without ever injecting stored markup as HTML.
 */
import * as Y from 'yjs';
import type { RichBlock, TextRun } from '../domain/print.js';

/** Marks whose meaning survives on paper; other marks print as plain text. */
function runsOf(node: Y.XmlText): TextRun[] {
	const out: TextRun[] = [];
	for (const op of node.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
		if (typeof op.insert !== 'string') continue;
		const a = op.attributes ?? {};
		out.push({
			text: op.insert,
			...('bold' in a ? { bold: true } : {}),
			...('italic' in a ? { italic: true } : {})
		});
	}
	return out;
}

/** Text runs of an inline container (a paragraph); hard breaks become newlines. */
function inlineRuns(el: Y.XmlElement | Y.XmlFragment): TextRun[] {
	const runs: TextRun[] = [];
	for (const child of el.toArray()) {
		if (child instanceof Y.XmlText) runs.push(...runsOf(child));
		else if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak')
			runs.push({ text: '\n' });
		else if (child instanceof Y.XmlElement) runs.push(...inlineRuns(child));
	}
	return runs;
}

function walk(
	nodes: readonly (Y.XmlElement | Y.XmlText | Y.XmlHook)[],
	ctx: { type: RichBlock['type']; list?: 'ul' | 'ol'; depth: number },
	out: RichBlock[]
): void {
	for (const n of nodes) {
		if (n instanceof Y.XmlText) {
			const runs = runsOf(n);
			if (runs.length) out.push({ ...ctx, runs });
			continue;
		}
		if (!(n instanceof Y.XmlElement)) continue;
		switch (n.nodeName) {
			case 'bulletList':
			case 'orderedList':
				walk(
					n.toArray(),
					{ type: 'li', list: n.nodeName === 'bulletList' ? 'ul' : 'ol', depth: ctx.depth + 1 },
					out
				);
				break;
			case 'listItem': {
				// The item's first paragraph is the item; nested lists go one level deeper.
				let first = true;
				for (const c of n.toArray()) {
					if (c instanceof Y.XmlElement && c.nodeName === 'paragraph') {
						out.push({ ...ctx, type: first ? 'li' : 'p', runs: inlineRuns(c) });
						first = false;
					} else walk([c], ctx, out);
				}
				break;
			}
			case 'blockquote':
				walk(n.toArray(), { ...ctx, type: 'quote' }, out);
				break;
			case 'horizontalRule':
				break;
			default:
				// paragraph, heading, and nodes of a newer schema: their text, never dropped.
				out.push({ ...ctx, runs: inlineRuns(n) });
		}
	}
}

/** The blocks of a fragment; empty paragraphs are kept out of the printout. */
export function fragmentBlocks(fragment: Y.XmlFragment | null): RichBlock[] {
	if (!fragment) return [];
	const out: RichBlock[] = [];
	walk(fragment.toArray(), { type: 'p', depth: 0 }, out);
	return out.filter((b) => b.runs.some((r) => r.text.trim() !== ''));
}
